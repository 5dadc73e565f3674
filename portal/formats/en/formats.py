# The organisation writes dates day first in English too: "2 May 2008" (Django's
# English default is "May 2, 2008"). Months alone keep "May 2007".
DATE_FORMAT = "j F Y"
