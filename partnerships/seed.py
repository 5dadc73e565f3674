"""The seed: everything the organisation's partner pages (data/source.txt) say about
partners, projects, people, quotes, figures, crises, awards and publications.

Quotes are verbatim: the text between the source's quotation marks, typographic
apostrophes, accents and trailing punctuation included (tests check each one against
the source). Summaries are faithful rewordings. Dates are as precise as the source
("2006", "2007-05", "2008-05-02"); where it gives none, none is stored.

`load()` is idempotent: rows are found by natural keys and saved only when something
differs, so a second run changes nothing.
"""

from decimal import Decimal

from django.db import transaction

from core.seeding import dates, set_related, single_date, upsert

from .models import (
    Award,
    Country,
    Crisis,
    Figure,
    Organisation,
    Participation,
    Person,
    Place,
    Project,
    Publication,
    Quote,
    Theme,
)

Kind = Organisation.Kind
Role = Participation.Role
Agreement = Participation.Agreement
Status = Project.Status
F = Figure.Kind
Q = Figure.Qualifier

THEMES = [
    ("counter-trafficking", "Counter-trafficking", "Preventing human trafficking and protecting its victims."),
    ("health", "Health", "Health care, health education, mental health and psychosocial support."),
    ("emergency-response", "Emergency response", "Relief in the aftermath of disasters and emergencies."),
    ("disaster-preparedness", "Disaster preparedness", "Readiness to monitor and respond to disasters."),
    ("labour-migration", "Labour migration", "Safe and legal migration for work."),
    ("gender-based-violence", "Gender-based violence", "Preventing and responding to (sexual and) GBV."),
    ("social-cohesion", "Social cohesion", "Integration, cultural diversity, peace between communities."),
    ("livelihoods", "Livelihoods", "Income generation, micro-finance, economic recovery."),
    ("shelter", "Shelter", "Temporary and permanent housing."),
    ("education", "Education", "Schools, non-formal education and training."),
    ("water-and-sanitation", "Water and sanitation", "Clean water, water tanks, purification."),
    ("protection", "Protection", "Protecting vulnerable migrants, victims and displaced people."),
    ("return-and-reintegration", "Return and reintegration", "Helping refugees and migrants return and resettle."),
    ("research", "Research", "Studies, baselines and evaluations."),
    ("awareness-raising", "Awareness raising", "Information campaigns, media and events."),
    ("capacity-building", "Capacity building", "Training and strengthening institutions and organisations."),
    ("legal-assistance", "Legal assistance", "Legal counselling and access to asylum and protection procedures."),
]

# (slug, name, acronym, kind, HQ country, parent slug, aliases, description)
ORGANISATIONS = [
    # The UN system, IOM and its missions
    (
        "iom",
        "International Organization for Migration",
        "IOM",
        Kind.UN,
        "CH",
        None,
        [],
        "Works with global institutions, NGOs, civil society and the private sector to promote the positive "
        "contribution of migrants and their rights. Over 1,600 civil-society organisations work with it. "
        "Chaired the GMG from January to June 2007 and from July to December 2013.",
    ),
    ("iom-angola", "IOM Angola", "", Kind.UN, "AO", "iom", [], "IOM's mission in Angola."),
    ("iom-budapest", "IOM Budapest", "", Kind.UN, "HU", "iom", [], "IOM's office in Budapest, Hungary."),
    ("iom-colombia", "IOM Colombia", "", Kind.UN, "CO", "iom", [], "IOM's mission in Colombia."),
    ("iom-indonesia", "IOM Indonesia", "", Kind.UN, "ID", "iom", [], "IOM's mission in Indonesia."),
    ("iom-pakistan", "IOM Pakistan", "", Kind.UN, "PK", "iom", [], "IOM's mission in Pakistan."),
    ("iom-serbia", "IOM Serbia", "", Kind.UN, "RS", "iom", [], "IOM's mission in Serbia."),
    ("iom-ukraine", "IOM Ukraine", "", Kind.UN, "UA", "iom", [], "IOM's mission in Ukraine."),
    ("ilo", "International Labour Organization", "ILO", Kind.UN, "CH", None, [], ""),
    (
        "ohchr",
        "Office of the United Nations High Commissioner for Human Rights",
        "OHCHR",
        Kind.UN,
        "CH",
        None,
        [],
        "",
    ),
    ("unicef", "United Nations Children’s Fund", "UNICEF", Kind.UN, "US", None, [], ""),
    ("unctad", "United Nations Conference on Trade and Development", "UNCTAD", Kind.UN, "CH", None, [], ""),
    (
        "un-desa",
        "United Nations Department of Economic and Social Affairs",
        "UN-DESA",
        Kind.UN,
        "US",
        None,
        ["UNDESA"],
        "",
    ),
    ("undp", "United Nations Development Programme", "UNDP", Kind.UN, "US", None, [], ""),
    (
        "unesco",
        "United Nations Educational, Scientific and Cultural Organization",
        "UNESCO",
        Kind.UN,
        "FR",
        None,
        [],
        "",
    ),
    (
        "un-women",
        "United Nations Entity for Gender Equality and Empowerment of Women",
        "UN Women",
        Kind.UN,
        "US",
        None,
        [],
        "",
    ),
    ("unhcr", "United Nations High Commissioner for Refugees", "UNHCR", Kind.UN, "CH", None, [], ""),
    ("unitar", "United Nations Institute for Training and Research", "UNITAR", Kind.UN, "CH", None, [], ""),
    ("unodc", "United Nations Office on Drugs and Crime", "UNODC", Kind.UN, "AT", None, [], ""),
    ("unfpa", "United Nations Population Fund", "UNFPA", Kind.UN, "US", None, [], ""),
    (
        "un-regional-commissions",
        "UN Regional Commissions",
        "",
        Kind.UN,
        None,
        None,
        ["United Nations Regional Commissions"],
        "The five regional commissions of the United Nations, members of the GMG together since November 2007.",
    ),
    ("eca", "Economic Commission for Africa", "ECA", Kind.UN, "ET", "un-regional-commissions", [], ""),
    ("ece", "Economic Commission for Europe", "ECE", Kind.UN, "CH", "un-regional-commissions", [], ""),
    (
        "eclac",
        "Economic Commission for Latin America and the Caribbean",
        "ECLAC",
        Kind.UN,
        "CL",
        "un-regional-commissions",
        [],
        "",
    ),
    (
        "escap",
        "Economic and Social Commission for Asia and the Pacific",
        "ESCAP",
        Kind.UN,
        "TH",
        "un-regional-commissions",
        [],
        "",
    ),
    (
        "escwa",
        "Economic and Social Commission for Western Asia",
        "ESCWA",
        Kind.UN,
        "LB",
        "un-regional-commissions",
        [],
        "",
    ),
    ("world-bank", "World Bank", "", Kind.UN, "US", None, [], ""),
    ("who", "World Health Organization", "WHO", Kind.UN, "CH", None, [], ""),
    # NGOs and civil society
    ("italian-red-cross", "Italian Red Cross", "", Kind.NGO, "IT", None, [], ""),
    ("save-the-children", "Save the Children", "", Kind.NGO, None, None, [], ""),
    (
        "gecpd",
        "Galkayo Education Center for Peace and Development",
        "GECPD",
        Kind.NGO,
        "SO",
        None,
        [],
        "A local NGO in Galkayo, Puntland, founded by Mama Hawa Aden Mohamed, winner of the 2012 Nansen Refugee Award.",
    ),
    (
        "americares",
        "AmeriCares",
        "",
        Kind.NGO,
        "US",
        None,
        [],
        "An international humanitarian aid organization that restores health and saves lives by delivering "
        "medicines and supplies to people in need worldwide; working with IOM since 2005.",
    ),
    (
        "acte",
        "Association of Corporate Travel Executives",
        "ACTE",
        Kind.NGO,
        None,
        None,
        [],
        "A not-for-profit association representing the global business travel industry through executive "
        "education, international advocacy and independent industry research. It teaches how the industry can "
        "build Corporate Social Responsibility into its business, from low-carbon travel to combating the "
        "trafficking of women and children. Its partnership with IOM is the first it has forged with an "
        "international organization. Represented in Asia, Africa, Canada, Europe, Latin America, the Middle East "
        "and the United States.",
    ),
    # Foundations
    ("king-baudouin-foundation", "King Baudouin Foundation", "", Kind.FOUNDATION, "BE", None, [], ""),
    (
        "dow-chemical-foundation",
        "Dow Chemical Foundation",
        "",
        Kind.FOUNDATION,
        "US",
        "dow-chemical",
        [],
        "The charitable foundation of Dow Chemical.",
    ),
    (
        "aig-disaster-relief-fund",
        "AIG Disaster Relief Fund",
        "",
        Kind.FOUNDATION,
        "US",
        "aig",
        ["American International Group, Inc. Disaster Relief Fund"],
        "",
    ),
    # Private companies
    ("panasonic", "Panasonic", "", Kind.COMPANY, "JP", None, [], "A global Japanese company."),
    (
        "maple-leaf-foods",
        "Maple Leaf Foods",
        "",
        Kind.COMPANY,
        "CA",
        None,
        ["Maple Leaf", "Maple Leaf Foods of Canada"],
        "A global food processing company based in Canada, with 23,000 employees across Canada, the United States, "
        "the United Kingdom and Asia and more than 100 facilities. It recruits abroad for its meat processing "
        "factories in Alberta and Manitoba.",
    ),
    ("chevron", "Chevron", "", Kind.COMPANY, "US", None, [], ""),
    (
        "chevron-asia-pacific-ep",
        "Chevron Asia Pacific Exploration & Production",
        "",
        Kind.COMPANY,
        None,
        "chevron",
        [],
        "",
    ),
    ("ubs", "UBS", "", Kind.COMPANY, "CH", None, [], ""),
    ("carrefour", "Carrefour", "", Kind.COMPANY, "FR", None, [], "A French retailer, with 35 stores in Colombia."),
    ("starbucks", "Starbucks", "", Kind.COMPANY, "US", None, [], ""),
    ("carcafe-group", "Carcafe Group", "", Kind.COMPANY, "CO", None, [], ""),
    (
        "empresas-de-narino",
        "Empresas de Nariño Ltda.",
        "",
        Kind.COMPANY,
        "CO",
        "carcafe-group",
        ["Empresas de Nariño"],
        "An international coffee trading enterprise, part of the Carcafe Group.",
    ),
    ("galnaftogas", "Concern Galnaftogas", "", Kind.COMPANY, "UA", None, ["Galnaftogas"], ""),
    ("okko", "OKKO", "", Kind.COMPANY, "UA", "galnaftogas", [], "Gas stations of Concern Galnaftogas."),
    ("saatchi-saatchi", "Saatchi & Saatchi", "", Kind.COMPANY, "GB", None, [], "An advertising agency."),
    ("aig", "American International Group, Inc.", "AIG", Kind.COMPANY, "US", None, [], ""),
    ("dow-chemical", "Dow Chemical", "", Kind.COMPANY, "US", None, ["Dow"], ""),
    ("standard-chartered", "Standard Chartered Bank", "", Kind.COMPANY, "GB", None, [], ""),
    ("mediago-holding", "MediaGo Holding", "", Kind.COMPANY, "HU", None, [], ""),
    # Media
    ("media-go", "Media GO", "", Kind.MEDIA, "HU", "mediago-holding", [], "A media company of MediaGo Holding."),
    ("fresh-eye-productions", "Fresh-Eye Productions", "", Kind.MEDIA, "ZA", None, [], "A production house."),
    ("sabc", "SABC", "SABC", Kind.MEDIA, "ZA", None, [], "A South African broadcaster."),
    ("etv", "ETV", "", Kind.MEDIA, "ZA", None, [], "A South African broadcaster."),
    # Academic institutions
    ("university-of-tokyo", "University of Tokyo", "", Kind.ACADEMIC, "JP", None, [], ""),
    ("university-of-nairobi", "University of Nairobi", "", Kind.ACADEMIC, "KE", None, [], ""),
    # Governments and public bodies
    ("italian-government", "Italian Government", "", Kind.GOVERNMENT, "IT", None, [], ""),
    ("dutch-government", "Dutch Government", "", Kind.GOVERNMENT, "NL", None, [], ""),
    ("government-of-honduras", "Government of Honduras", "", Kind.GOVERNMENT, "HN", None, [], ""),
    ("government-of-mauritius", "Government of Mauritius", "", Kind.GOVERNMENT, "MU", None, [], ""),
    (
        "district-health-office-aceh-barat",
        "District Health Office, Aceh Barat",
        "",
        Kind.GOVERNMENT,
        "ID",
        None,
        [],
        "",
    ),
    (
        "grupos-beta",
        "Grupos Beta",
        "",
        Kind.GOVERNMENT,
        "MX",
        None,
        [],
        "A Mexican public programme protecting migrant communities, in partnership with government and civil society.",
    ),
    (
        "programa-paisano",
        "Programa Paisano",
        "",
        Kind.GOVERNMENT,
        "MX",
        None,
        [],
        "A Mexican public programme protecting migrant communities, in partnership with government and civil society.",
    ),
]

# (slug, name, kind, date, countries, summary)
CRISES = [
    (
        "indian-ocean-tsunami-2004",
        "Indian Ocean tsunami",
        Crisis.Kind.NATURAL,
        "2004-12-26",
        ["ID"],
        "The December 2004 tsunami in Southeast Asia (26 December 2004).",
    ),
    ("pakistan-earthquake-2005", "Pakistan earthquake", Crisis.Kind.NATURAL, "2005", ["PK"], "The 2005 earthquake."),
    (
        "south-africa-xenophobic-violence-2008",
        "Anti-immigrant violence in South Africa",
        Crisis.Kind.VIOLENCE,
        "2008-05",
        ["ZA"],
        "Widespread anti-immigrant violence in May 2008, born of xenophobia towards migrants.",
    ),
    (
        "cyclone-myanmar-2008",
        "Cyclone in Myanmar",
        Crisis.Kind.NATURAL,
        "2008-05-02",
        ["MM"],
        "The cyclone struck Myanmar on 2 May 2008 and devastated five of the country’s 17 states and divisions, "
        "worst in the Irrawaddy delta.",
    ),
    (
        "zimbabwe-cholera-2009",
        "Cholera outbreak in Zimbabwe",
        Crisis.Kind.EPIDEMIC,
        "2009",
        ["ZW"],
        "A deadly cholera outbreak in early 2009.",
    ),
    (
        "somalia-drought-2011",
        "Drought in Somalia",
        Crisis.Kind.NATURAL,
        "2011",
        ["SO"],
        "A serious drought in 2011, followed by social unrest and violence towards women.",
    ),
]

# (name, country, region)
PLACES = [
    ("Lampedusa", "IT", "Sicily"),
    ("Sicily", "IT", ""),
    ("Southern Italy", "IT", ""),
    ("Burao", "SO", "Somaliland"),
    ("Koosar IDP Settlement", "SO", "Burao, Somaliland"),
    ("Garowe", "SO", "Puntland"),
    ("Galkayo", "SO", "Puntland"),
    ("Alberta", "CA", ""),
    ("Manitoba", "CA", ""),
    ("Banda Aceh", "ID", "Aceh"),
    ("Nias", "ID", ""),
    ("Aceh Barat", "ID", "Aceh"),
    ("Irrawaddy delta", "MM", ""),
    ("Western Ukraine", "UA", ""),
    ("Nariño", "CO", ""),
    ("Southern Africa", None, ""),
    ("Southeast Europe", None, ""),
    ("Asia Pacific", None, ""),
    ("Europe", None, ""),
]

# (name, job title as the source gives it, organisation slug, note)
PEOPLE = [
    (
        "Fadumo Mohamed",
        "An internally displaced person from Koosar IDP Settlement in Burao, Somaliland",
        None,
        "",
    ),
    (
        "Mama Hawa Aden Mohamed",
        "Founder of the Galkayo Education Center for Peace and Development",
        "gecpd",
        "Winner of the 2012 Nansen Refugee Award.",
    ),
    (
        "Susan Yaeger-Szoke",
        "Head of International Recruitment for Maple Leaf",
        "maple-leaf-foods",
        "The source names two different people as Maple Leaf's Head of International Recruitment, with the same "
        "words about Manitoba: Susan Yaeger-Szoke and Susan Boeve. Both statements are kept.",
    ),
    (
        "Susan Boeve",
        "Head of International Recruitment for Maple Leaf",
        "maple-leaf-foods",
        "See Susan Yaeger-Szoke: the source gives both names for the same post.",
    ),
    ("Christoph Gorder", "AmeriCares Vice President of Emergency of Response", "americares", ""),
    ("Fabrice de Kerchove", "Project Manager of the King Baudouin Foundation", "king-baudouin-foundation", ""),
    ("Jim Blackwell", "President, Chevron Asia Pacific Exploration & Production", "chevron-asia-pacific-ep", ""),
    ("Dennis Flemming", "Project Director for the Angola Partnership Initiative", "chevron", ""),
    ("Yuriy Kuchabskiy", "Chairman of Galnaftogas", "galnaftogas", "The source calls him Mr. Yuriy Kuchabskiy."),
    ("Liam Wielopolski", "Saatchi & Saatchi’s Johannesburg Creative Director", "saatchi-saatchi", ""),
    ("Ned Cloonan", "President of the AIG Disaster Relief Fund", "aig-disaster-relief-fund", ""),
    ("David Boyd-Thomas", "", "ubs", "The source gives no job title."),
    ("Ximena Botero", "Carrefour Colombia Director of Marketing and External Communications", "carrefour", ""),
    ("José Angel Oropeza", "IOM Chief of Mission in Colombia", "iom-colombia", ""),
    ("Szilard Béres", "President of MediaGo Holding", "mediago-holding", ""),
    ("Anke Strauss", "Photographer", None, "Credited for a 2007 IOM photograph of a GMG briefing."),
]


def participation(org, role, *, amount=None, currency="", in_kind="", agreement="", start=None, end=None, note=""):
    return {
        "org": org,
        "role": role,
        "amount": Decimal(amount) if amount is not None else None,
        "currency": currency,
        "in_kind": in_kind,
        "agreement": agreement,
        "start": start,
        "end": end,
        "note": note,
    }


def figure(kind, value, unit, label, source_text, *, qualifier=Q.EXACT, value_max=None):
    return {
        "kind": kind,
        "value": Decimal(value),
        "value_max": Decimal(value_max) if value_max is not None else None,
        "unit": unit,
        "label": label,
        "source_text": source_text,
        "qualifier": qualifier,
    }


def quote(text, *, person=None, organisation=None, note=""):
    return {"text": text, "person": person, "organisation": organisation, "note": note}


PROJECTS = [
    {
        "slug": "praesidium-lampedusa",
        "title": "Praesidium: reception of migrants at Lampedusa",
        "programme": "Praesidium project",
        "summary": (
            "In 2006 the Italian Government decided to establish a permanent presence in the reception centre of "
            "Lampedusa, a small island in the Mediterranean and a key landing point for migrants from Africa. IOM, "
            "UNHCR and the Italian Red Cross (joined by Save the Children in 2008) provide humanitarian assistance, "
            "general legal orientation and access to asylum and other European and Italian protection measures, "
            "each agency giving legal assistance according to its role. IOM counsels migrants on the consequences "
            "of irregular entry (with UNHCR in joint sessions for adults), identifies vulnerable groups such as "
            "victims of trafficking and unaccompanied minors (with Save the Children), counsels on family "
            "reunification, refers cases to the police and judicial authorities, and monitors conditions in the "
            "centre. Given its success, the multi-agency approach was extended to other landing points in Sicily "
            "and later to other regions of the South of Italy."
        ),
        "status": Status.ACTIVE,
        "start": "2006",
        "countries": ["IT"],
        "places": [("Lampedusa", "IT"), ("Sicily", "IT"), ("Southern Italy", "IT")],
        "themes": ["protection", "legal-assistance", "counter-trafficking", "health"],
        "participations": [
            participation(
                "italian-government", Role.GOVERNMENT, start="2006", note="Decided to establish a permanent presence."
            ),
            participation("iom", Role.IMPLEMENTING, start="2006"),
            participation("unhcr", Role.IMPLEMENTING, start="2006"),
            participation("italian-red-cross", Role.IMPLEMENTING, start="2006"),
            participation("save-the-children", Role.IMPLEMENTING, start="2008", note="Joined the project in 2008."),
        ],
    },
    {
        "slug": "somalia-idp-health-and-protection",
        "title": "Emergency health and protection for drought-affected IDPs in Somalia",
        "summary": (
            "After the 2011 drought, with rising social unrest and violence towards women, IOM initiated a series "
            "of projects supporting existing health care providers to give emergency health services to "
            "drought-affected internally displaced persons, focusing on psychosocial support and on protection "
            "against trafficking and gender-based violence. Community members are trained as psychosocial and peer "
            "counsellors to reach other vulnerable IDPs through information sessions."
        ),
        "status": Status.ACTIVE,
        "countries": ["SO"],
        "themes": ["health", "emergency-response", "gender-based-violence", "counter-trafficking", "protection"],
        "crises": ["somalia-drought-2011"],
        "participations": [participation("iom", Role.IMPLEMENTING)],
        "figures": [
            figure(
                F.PEOPLE_REACHED,
                "600000",
                "displaced people",
                "displaced people reached by IOM",
                "IOM reached more than 600,000 displaced people",
                qualifier=Q.MORE_THAN,
            ),
        ],
    },
    {
        "slug": "solar-lanterns-somalia",
        "title": "Solar lanterns for the most vulnerable in Somali IDP settlements",
        "summary": (
            "Many cases of gender-based violence occur at night, when IDP settlements are in darkness. IOM partners "
            "with Panasonic to distribute solar lanterns to the most vulnerable."
        ),
        "status": Status.ACTIVE,
        "countries": ["SO"],
        "places": [("Burao", "SO"), ("Koosar IDP Settlement", "SO")],
        "themes": ["gender-based-violence", "protection"],
        "crises": ["somalia-drought-2011"],
        "participations": [
            participation("panasonic", Role.FUNDING, note="Granted funding; distributes solar lanterns with IOM."),
            participation("iom", Role.IMPLEMENTING),
        ],
        "figures": [
            figure(
                F.ITEMS,
                "1400",
                "solar lanterns",
                "solar lanterns distributed among settlements",
                "More than 1,400 solar lanterns were distributed among settlements",
                qualifier=Q.MORE_THAN,
            ),
        ],
        "quotes": [
            quote(
                "Our community did not have light before, now our nights have become days.",
                person="Fadumo Mohamed",
            ),
        ],
    },
    {
        "slug": "solar-lanterns-sgbv-study-garowe",
        "title": "Study of solar lanterns and sexual and gender-based violence in Garowe",
        "summary": (
            "IOM, the University of Tokyo and the University of Nairobi conduct a baseline and post-intervention "
            "study in Garowe of the frequency of sexual and gender-based violence cases and the effectiveness of "
            "solar lanterns as protection for vulnerable IDPs. Panasonic granted funding for the study, which "
            "also looks at other positive results of lanterns; it was to be released in December 2013."
        ),
        "status": Status.ACTIVE,
        "end": "2013-12",
        "countries": ["SO"],
        "places": [("Garowe", "SO")],
        "themes": ["research", "gender-based-violence", "protection"],
        "follows": "solar-lanterns-somalia",
        "participations": [
            participation("panasonic", Role.FUNDING, note="Granted funding to IOM to conduct the study."),
            participation("iom", Role.RESEARCH),
            participation("university-of-tokyo", Role.RESEARCH),
            participation("university-of-nairobi", Role.RESEARCH),
        ],
        "quotes": [
            quote(
                "In Somalia, solar lanterns have great potential to protect women and children in internally "
                "displaced person (IDP) settlements against sexual assault. Panasonic has granted funding to IOM to "
                "conduct a study on assessing the links between solar lanterns and a reduction in sexual and gender "
                "based violence (SGBV). It will also seek to highlight other positive results of lanterns in the "
                "settlements. The study will be released in December 2013.",
                note="The source does not say who said this.",
            ),
        ],
    },
    {
        "slug": "16-days-of-activism-galkayo",
        "title": "‘16 Days of Activism’ against gender-based violence in Galkayo",
        "summary": (
            "To raise awareness of the impact of gender-based violence, IOM and its partners support social "
            "mobilization through campaigns and events such as the ‘16 Days of Activism’. The community-led "
            "activities were coordinated by the Galkayo Education Center for Peace and Development (GECPD), a local "
            "NGO."
        ),
        "status": Status.COMPLETED,
        "countries": ["SO"],
        "places": [("Galkayo", "SO")],
        "themes": ["gender-based-violence", "awareness-raising"],
        "participations": [
            participation("iom", Role.FUNDING, note="Supports social mobilization with its partners."),
            participation("gecpd", Role.COORDINATING, note="Coordinated the community-led activities."),
        ],
        "figures": [
            figure(
                F.PEOPLE_REACHED,
                "16000",
                "IDPs",
                "IDPs reached by the event",
                "The event reached over 16,000 IDPs in Galkayo, Puntland.",
                qualifier=Q.MORE_THAN,
            ),
        ],
    },
    {
        "slug": "cultural-diversity-workshops-south-africa",
        "title": "Cultural diversity workshops for local NGOs in South Africa",
        "summary": (
            "After the anti-immigrant violence of May 2008, IOM facilitated cultural diversity workshops in the "
            "affected townships to build the capability of local NGOs to encourage social cohesion."
        ),
        "status": Status.COMPLETED,
        "start": "2008",
        "countries": ["ZA"],
        "themes": ["social-cohesion", "capacity-building"],
        "crises": ["south-africa-xenophobic-violence-2008"],
        "participations": [participation("iom", Role.IMPLEMENTING)],
    },
    {
        "slug": "communities-of-diversity-and-peace",
        "title": "Strengthening Communities of Diversity and Peace",
        "summary": (
            "Since April 2011 IOM has trained “Peace Monitors” in six provinces of South Africa in cultural "
            "diversity awareness, negotiation, spotting early signs of conflict and resolution strategies; they "
            "often act as mediators, quelling tensions in times of conflict. IOM also backed the film Man on Ground, "
            "launched in May 2012 on the anniversary of the 2008 violence."
        ),
        "status": Status.ACTIVE,
        "start": "2011-04",
        "countries": ["ZA"],
        "themes": ["social-cohesion", "capacity-building", "awareness-raising"],
        "crises": ["south-africa-xenophobic-violence-2008"],
        "follows": "cultural-diversity-workshops-south-africa",
        "participations": [participation("iom", Role.IMPLEMENTING, start="2011-04")],
        "figures": [
            figure(
                F.SITES,
                "6",
                "provinces",
                "provinces where Peace Monitors were trained",
                "IOM has trained “Peace Monitors” in six provinces of South Africa",
            ),
        ],
    },
    {
        "slug": "maple-leaf-labour-migration",
        "title": "Safe and legal labour migration to Maple Leaf Foods in Canada",
        "summary": (
            "Short of local skilled candidates for its meat processing factories in Alberta and Manitoba, Maple "
            "Leaf Foods recruits abroad. IOM and Maple Leaf signed bilateral agreements for IOM’s help with "
            "Colombian labour migration, and trilateral agreements including the respective Governments for "
            "Honduran and Mauritian labour migration (an earlier page names the source markets as Colombia, El "
            "Salvador and Honduras). IOM helps identify workers, with their documentation, preparation and travel "
            "to Canada. Workers are hired for two years under the temporary foreign worker programme; Maple Leaf "
            "then nominates those wishing to stay to the Provincial Nominee Programme, and once approved they "
            "receive permanent residence and can bring their spouse and minor children."
        ),
        "status": Status.ACTIVE,
        "countries": ["CA", "CO", "SV", "HN", "MU"],
        "places": [("Alberta", "CA"), ("Manitoba", "CA")],
        "themes": ["labour-migration"],
        "participations": [
            participation(
                "maple-leaf-foods",
                Role.PRIVATE_SECTOR,
                agreement=Agreement.BILATERAL,
                note="Employer. Bilateral agreements with IOM for Colombian labour migration; trilateral agreements "
                "with IOM and the respective Governments for Honduran and Mauritian labour migration.",
            ),
            participation("iom", Role.IMPLEMENTING, agreement=Agreement.BILATERAL),
            participation("government-of-honduras", Role.GOVERNMENT, agreement=Agreement.TRILATERAL),
            participation("government-of-mauritius", Role.GOVERNMENT, agreement=Agreement.TRILATERAL),
        ],
        "figures": [
            figure(
                F.OTHER,
                "2",
                "years",
                "length of the workers’ contracts",
                "Candidates are hired for a period of two years",
            ),
        ],
        "quotes": [
            quote(
                "Manitoba, which is mainly agricultural and not densely populated, is facing a shortage of workers, "
                "so international recruitment is essential to helping us find qualified candidates.",
                person="Susan Yaeger-Szoke",
                organisation="maple-leaf-foods",
                note="The source attributes the same words to Susan Boeve elsewhere.",
            ),
            quote(
                "Over the next few years we will be working with IOM to bring more foreign workers to Maple Leaf "
                "from these and other countries,",
                person="Susan Boeve",
                organisation="maple-leaf-foods",
            ),
            quote(
                "Manitoba, which is mainly agricultural and not densely populated, is facing a shortage of workers, "
                "so international recruitment is essential to helping us find qualified candidates.",
                person="Susan Boeve",
                organisation="maple-leaf-foods",
                note="The source attributes the same words to Susan Yaeger-Szoke elsewhere.",
            ),
        ],
    },
    {
        "slug": "americares-tsunami-banda-aceh",
        "title": "Health care and livelihoods after the tsunami in Banda Aceh",
        "summary": (
            "AmeriCares and IOM first came together to help survivors of the December 2004 tsunami in Southeast "
            "Asia with medical care in the immediate aftermath. In the years since, they have worked to improve "
            "health care, health education and mental health services, and provided livelihood support for "
            "affected communities in Banda Aceh."
        ),
        "status": Status.ACTIVE,
        "start": "2005",
        "countries": ["ID"],
        "places": [("Banda Aceh", "ID")],
        "themes": ["health", "emergency-response", "livelihoods"],
        "crises": ["indian-ocean-tsunami-2004"],
        "participations": [
            participation("americares", Role.IN_KIND, in_kind="Medical care, medicines and supplies.", start="2005"),
            participation("iom", Role.IMPLEMENTING, start="2005"),
        ],
        "quotes": [
            quote(
                "In the aftermath of natural disasters and other emergencies we work with IOM to help us meet the "
                "immediate health care needs of those most impacted,",
                person="Christoph Gorder",
                organisation="americares",
            ),
            quote(
                "Our complementary strengths have proved highly effective in delivering medical aid quickly and "
                "efficiently.",
                person="Christoph Gorder",
                organisation="americares",
            ),
        ],
    },
    {
        "slug": "americares-cyclone-myanmar",
        "title": "Mobile clinics and boat ambulances after the cyclone in Myanmar",
        "summary": (
            "When a deadly cyclone ravaged Myanmar in 2008, AmeriCares and IOM equipped mobile clinics and brought "
            "health care providers to survivors in the hardest hit areas. AmeriCares provided boat ambulances for "
            "patients in remote regions and medical equipment for the clinics IOM set up to replace health "
            "facilities damaged beyond use."
        ),
        "status": Status.COMPLETED,
        "start": "2008",
        "countries": ["MM"],
        "themes": ["health", "emergency-response"],
        "crises": ["cyclone-myanmar-2008"],
        "participations": [
            participation(
                "americares",
                Role.IN_KIND,
                in_kind="Boat ambulances and medical equipment for clinics.",
            ),
            participation("iom", Role.IMPLEMENTING),
        ],
    },
    {
        "slug": "americares-cholera-zimbabwe",
        "title": "Medicines for the cholera outbreak in Zimbabwe",
        "summary": (
            "When a deadly cholera outbreak struck Zimbabwe in early 2009, AmeriCares and IOM brought pain "
            "relievers, antibiotics and other critically needed medicines to children and adults with cholera."
        ),
        "status": Status.COMPLETED,
        "start": "2009",
        "countries": ["ZW"],
        "themes": ["health", "emergency-response"],
        "crises": ["zimbabwe-cholera-2009"],
        "participations": [
            participation(
                "americares", Role.IN_KIND, in_kind="Pain relievers, antibiotics and other critically needed medicines."
            ),
            participation("iom", Role.IMPLEMENTING),
        ],
    },
    {
        "slug": "acte-counter-trafficking-awareness",
        "title": "Raising awareness of trafficking in the business travel industry",
        "summary": (
            "IOM partnered with ACTE to raise awareness of the trafficking of women and children through speaking "
            "engagements at ACTE’s Asia Pacific and European global education conferences. ACTE is committed to "
            "keeping the issue in its education programmes."
        ),
        "status": Status.ACTIVE,
        "places": [("Asia Pacific", None), ("Europe", None)],
        "themes": ["counter-trafficking", "awareness-raising", "education"],
        "participations": [
            participation(
                "acte",
                Role.IN_KIND,
                in_kind="Speaking engagements at its Asia Pacific and European global education conferences.",
            ),
            participation("iom", Role.IMPLEMENTING),
        ],
        "quotes": [
            quote(
                "ACTE believes that partnering with an organization such as IOM is critical to its ability to "
                "provide education to the corporate travel industry on the issue of trafficking and feels confident "
                "that with IOM’s help the industry can help combat this human rights abuse.",
                organisation="acte",
            ),
        ],
    },
    {
        "slug": "temporary-residence-permits-trafficking-victims",
        "title": "Temporary residence permits for victims of trafficking (TRP)",
        "programme": "TRP project",
        "summary": (
            "The King Baudouin Foundation and IOM Serbia worked to enhance protection and assistance for victims of "
            "trafficking and to strengthen regional cooperation by institutionalizing temporary residence permits. "
            "A permit legalizes a foreign victim’s status, a precondition for assistance that encourages victims to "
            "seek protection; permit mechanisms across Southeast Europe remove the prospect of immediate "
            "deportation and the risk of victims re-entering trafficking networks."
        ),
        "status": Status.COMPLETED,
        "countries": ["RS"],
        "places": [("Southeast Europe", None)],
        "themes": ["counter-trafficking", "protection"],
        "participations": [
            participation("king-baudouin-foundation", Role.FUNDING),
            participation("iom-serbia", Role.IMPLEMENTING),
        ],
        "quotes": [
            quote(
                "With its systematic approach, the TRP project has proved to have a strong impact on the victim "
                "protection system as a whole while fostering real partnerships between governments, national NGOs "
                "and victims themselves,",
                person="Fabrice de Kerchove",
                organisation="king-baudouin-foundation",
            ),
        ],
    },
    {
        "slug": "trp-capacity-building-follow-up",
        "title": "Capacity-building scheme following the TRP project",
        "summary": (
            "A capacity-building scheme developed by IOM as a logical follow-up of the initial temporary residence "
            "permit (TRP) project, supported by the King Baudouin Foundation."
        ),
        "status": Status.ACTIVE,
        "countries": ["RS"],
        "places": [("Southeast Europe", None)],
        "themes": ["counter-trafficking", "capacity-building"],
        "follows": "temporary-residence-permits-trafficking-victims",
        "participations": [
            participation("king-baudouin-foundation", Role.FUNDING),
            participation("iom", Role.IMPLEMENTING),
        ],
        "quotes": [
            quote(
                "These are some of the reasons why the Foundation was so keen to support the current "
                "capacity-building scheme that has been developed by the IOM as a logical follow-up of the TRP "
                "initial project.",
                person="Fabrice de Kerchove",
                organisation="king-baudouin-foundation",
            ),
        ],
    },
    {
        "slug": "chevron-cyclone-myanmar",
        "title": "Emergency response to the cyclone in Myanmar",
        "programme": "IOM’s Emergency response",
        "summary": (
            "The cyclone that struck Myanmar on 2 May 2008 devastated five of the country’s 17 states and "
            "divisions. Chevron responded immediately with a donation to IOM’s emergency response, which IOM used "
            "for shelter, water purification systems and emergency medical assistance."
        ),
        "status": Status.COMPLETED,
        "start": "2008-05",
        "countries": ["MM"],
        "places": [("Irrawaddy delta", "MM")],
        "themes": ["emergency-response", "shelter", "water-and-sanitation", "health"],
        "crises": ["cyclone-myanmar-2008"],
        "participations": [
            participation("chevron", Role.FUNDING, amount="400000", currency="USD", agreement=Agreement.DONATION),
            participation("iom", Role.IMPLEMENTING),
        ],
        "quotes": [
            quote(
                "Chevron’s contribution represents our commitment to the people of Myanmar,",
                person="Jim Blackwell",
                organisation="chevron",
            ),
            quote(
                "This direct aid is intended to help relieve the suffering of those in the hardest hit areas.",
                person="Jim Blackwell",
                organisation="chevron",
            ),
        ],
    },
    {
        "slug": "angola-community-revitalization",
        "title": "Community Revitalization Programme in Angola",
        "programme": "Community Revitalization Programme (CRP)",
        "summary": (
            "A programme of IOM Angola to economically stabilize communities, facilitate the return and "
            "reintegration of refugees and set up micro-finance projects, by building local human capacity for "
            "economic stability and better living conditions, supporting efforts to cement peace, security and "
            "stability."
        ),
        "status": Status.COMPLETED,
        "start": "2004",
        "end": "2005",
        "countries": ["AO"],
        "themes": ["return-and-reintegration", "livelihoods", "capacity-building"],
        "participations": [
            participation(
                "chevron", Role.FUNDING, amount="850000", currency="USD", start="2004", end="2005", note="2004 – 2005"
            ),
            participation("iom-angola", Role.IMPLEMENTING, start="2004", end="2005"),
        ],
        "quotes": [
            quote(
                "We have enjoyed working with IOM and are impressed with its support for returnees in Angola,",
                person="Dennis Flemming",
                organisation="chevron",
            ),
        ],
    },
    {
        "slug": "galnaftogas-counter-trafficking-campaign",
        "title": "Counter-trafficking information campaign in Western Ukraine",
        "summary": (
            "In December 2007 Concern Galnaftogas signed a Memorandum of Understanding with IOM Ukraine to combat "
            "human trafficking and promote legal and safe migration of Ukrainian citizens through an information "
            "campaign in Western Ukraine. Galnaftogas sponsors counter-trafficking billboards at 12 OKKO gas "
            "stations."
        ),
        "status": Status.ACTIVE,
        "start": "2007-12",
        "countries": ["UA"],
        "places": [("Western Ukraine", "UA")],
        "themes": ["counter-trafficking", "awareness-raising", "labour-migration"],
        "participations": [
            participation(
                "galnaftogas",
                Role.IN_KIND,
                in_kind="Sponsors counter-trafficking billboards at 12 OKKO gas stations.",
                agreement=Agreement.MOU,
                start="2007-12",
            ),
            participation("iom-ukraine", Role.IMPLEMENTING, agreement=Agreement.MOU, start="2007-12"),
        ],
        "figures": [
            figure(
                F.SITES,
                "12",
                "OKKO gas stations",
                "gas stations with counter-trafficking billboards",
                "Galnaftogas will sponsor counter-trafficking billboards at 12 OKKO gas stations.",
            ),
        ],
        "quotes": [
            quote(
                "In order to effectively counter such a phenomenon as trafficking in human beings it is imperative "
                "that we track the most recent tendencies of this complex problem. Here, information plays a "
                "critical role. We need to acknowledge the driving factors behind the rash steps embarked upon by "
                "some of our fellow citizens. Fundamental change must occur in the attitude of Ukrainians in regards "
                "to their country, labour, laws, earning money, and to life in general,",
                person="Yuriy Kuchabskiy",
                organisation="galnaftogas",
            ),
        ],
    },
    {
        "slug": "sactap-tv-advert",
        "title": "TV advertisement against human trafficking in Southern Africa",
        "programme": "Southern Africa Counter-Trafficking Assistance Programme (SACTAP)",
        "summary": (
            "Saatchi & Saatchi joined forces with IOM’s Southern Africa Counter-Trafficking Assistance Programme to "
            "create a hard-hitting message about human traffickers operating on the continent. The TV advertisement "
            "showed the chilling duplicity of traffickers and was broadcast throughout Southern Africa; the "
            "production house Fresh-Eye Productions and the broadcasters SABC and ETV made significant in-kind "
            "contributions."
        ),
        "status": Status.COMPLETED,
        "countries": ["ZA"],
        "places": [("Southern Africa", None)],
        "themes": ["counter-trafficking", "awareness-raising"],
        "participations": [
            participation("saatchi-saatchi", Role.IN_KIND, in_kind="Created the TV advertisement."),
            participation("fresh-eye-productions", Role.IN_KIND, in_kind="Significant in-kind contributions."),
            participation("sabc", Role.IN_KIND, in_kind="Significant in-kind contributions."),
            participation("etv", Role.IN_KIND, in_kind="Significant in-kind contributions."),
            participation("iom", Role.IMPLEMENTING),
        ],
        "quotes": [
            quote(
                "Production house Fresh-Eye Productions, SABC and ETV were brought on board, making significant "
                "in-kind contributions to support the cause. We were all touched by the work being done by IOM and "
                "the difference they make to women who are trapped in appalling conditions.",
                person="Liam Wielopolski",
                organisation="saatchi-saatchi",
            ),
        ],
    },
    {
        "slug": "aig-disaster-preparedness-pakistan",
        "title": "Disaster preparedness after the 2005 earthquake in Pakistan",
        "summary": (
            "Following the 2005 earthquake, the AIG Disaster Relief Fund contributed to an innovative disaster "
            "preparedness programme. IOM Pakistan used the donation to establish ten support hubs and to train and "
            "equip rapid response teams for remote areas, building the capacity of provincial governments and "
            "civil society to monitor and respond quickly to earthquakes and other emergencies. Activities also "
            "included information for the population, monitoring of critical areas and emergency communication "
            "links to the outside world."
        ),
        "status": Status.COMPLETED,
        "countries": ["PK"],
        "themes": ["disaster-preparedness", "capacity-building", "emergency-response"],
        "crises": ["pakistan-earthquake-2005"],
        "participations": [
            participation(
                "aig-disaster-relief-fund", Role.FUNDING, amount="1000000", currency="USD", agreement=Agreement.DONATION
            ),
            participation("iom-pakistan", Role.IMPLEMENTING),
        ],
        "figures": [
            figure(F.SITES, "10", "support hubs", "support hubs established", "to establish ten support hubs"),
        ],
        "quotes": [
            quote(
                "IOM has been a valuable partner for the AIG Disaster Relief Fund. The humanitarian and recovery "
                "assistance that IOM provided in the wake of the 2005 earthquake in Pakistan has been tremendous, "
                "and we are proud to support them,",
                person="Ned Cloonan",
                organisation="aig-disaster-relief-fund",
            ),
        ],
    },
    {
        "slug": "dow-school-units-pakistan",
        "title": "Pre-fabricated school units for earthquake-affected children in Pakistan",
        "summary": (
            "Dow Chemical, through the Dow Chemical Foundation, financed a substantial IOM Pakistan project to help "
            "earthquake-affected people and promote social and economic recovery: the manufacture, transport and "
            "installation of two pre-fabricated school units, to be moved elsewhere once permanent buildings "
            "exist."
        ),
        "status": Status.COMPLETED,
        "start": "2007",
        "countries": ["PK"],
        "themes": ["education", "emergency-response"],
        "crises": ["pakistan-earthquake-2005"],
        "participations": [
            participation("dow-chemical-foundation", Role.FUNDING, start="2007"),
            participation("iom-pakistan", Role.IMPLEMENTING, start="2007"),
        ],
        "figures": [
            figure(F.SITES, "2", "school units", "pre-fabricated school units", "two pre-fabricated school units"),
            figure(
                F.PEOPLE_REACHED,
                "600",
                "primary school children",
                "primary school children the units hold",
                "for 600 primary school children",
            ),
        ],
    },
    {
        "slug": "dow-modular-housing-nias",
        "title": "Modular housing for tsunami-displaced people on Nias",
        "summary": (
            "Dow provided modular housing units in tsunami-affected areas with IOM Indonesia, promoting social and "
            "economic recovery on the island of Nias by giving displaced persons temporary shelter as a first step "
            "towards recovery."
        ),
        "status": Status.COMPLETED,
        "start": "2005",
        "countries": ["ID"],
        "places": [("Nias", "ID")],
        "themes": ["shelter", "emergency-response"],
        "crises": ["indian-ocean-tsunami-2004"],
        "participations": [
            participation("dow-chemical", Role.IN_KIND, in_kind="Modular housing units.", start="2005"),
            participation("iom-indonesia", Role.IMPLEMENTING, start="2005"),
        ],
    },
    {
        "slug": "standard-chartered-health-aceh-barat",
        "title": "Community health infrastructure in Aceh Barat",
        "summary": (
            "IOM Indonesia and Standard Chartered Bank developed a project with the District Health Office in Aceh "
            "Barat to revitalize community health infrastructure and build capacity in tsunami-affected areas. The "
            "contribution paid for building and equipping a district health training facility and a dormitory, and "
            "supported ten professional training sessions."
        ),
        "status": Status.COMPLETED,
        "start": "2005",
        "countries": ["ID"],
        "places": [("Aceh Barat", "ID")],
        "themes": ["health", "capacity-building"],
        "crises": ["indian-ocean-tsunami-2004"],
        "participations": [
            participation("standard-chartered", Role.FUNDING, start="2005"),
            participation("iom-indonesia", Role.IMPLEMENTING, start="2005"),
            participation("district-health-office-aceh-barat", Role.GOVERNMENT, start="2005"),
        ],
        "figures": [
            figure(
                F.SITES,
                "1",
                "training facility",
                "district health training facility built",
                "one district health training facility",
            ),
            figure(F.SITES, "1", "dormitory building", "dormitory building built", "a dormitory building"),
            figure(
                F.ACTIVITIES,
                "10",
                "training sessions",
                "professional training sessions",
                "ten professional training sessions",
            ),
        ],
    },
    {
        "slug": "ubs-trafficking-prevention-indonesia",
        "title": "Trafficking prevention programme in tsunami-affected Indonesia",
        "summary": (
            "UBS funded an IOM Indonesia trafficking prevention programme with an information campaign, livelihood "
            "support, infrastructure and training for vulnerable women and heads of household, and strengthened "
            "the capacity of impoverished and tsunami-affected families."
        ),
        "status": Status.COMPLETED,
        "start": "2006",
        "countries": ["ID"],
        "themes": ["counter-trafficking", "livelihoods", "awareness-raising", "capacity-building"],
        "crises": ["indian-ocean-tsunami-2004"],
        "participations": [
            participation("ubs", Role.FUNDING, start="2006"),
            participation("iom-indonesia", Role.IMPLEMENTING, start="2006"),
        ],
        "figures": [
            figure(
                F.PEOPLE_REACHED,
                "500",
                "women",
                "vulnerable women and heads of household trained",
                "training for 500 vulnerable women/heads of household",
            ),
        ],
        "quotes": [
            quote(
                "UBS has been pleased to partner with IOM Indonesia on two different projects in Tsunami-effected "
                "areas of the country. We have been impressed by the professionalism, diligence, and speed with which "
                "IOM has been able to undertake projects. In particular, their logistics capability under less than "
                "ideal circumstances has proven to really make a difference for the lives of many thousands of "
                "Indonesians who are setting out to re-establish themselves and their communities after the horrific "
                "terror of 26 December 2004.",
                person="David Boyd-Thomas",
                organisation="ubs",
            ),
        ],
    },
    {
        "slug": "ubs-care-home-nias",
        "title": "Care home and non-formal education centre on Nias",
        "summary": (
            "Another IOM programme financed by UBS: a care-home facility and non-formal education centre on the "
            "tsunami-affected island of Nias for orphans and abandoned or otherwise vulnerable children from "
            "impoverished families at risk of being trafficked."
        ),
        "status": Status.COMPLETED,
        "countries": ["ID"],
        "places": [("Nias", "ID")],
        "themes": ["education", "protection", "counter-trafficking"],
        "crises": ["indian-ocean-tsunami-2004"],
        "participations": [
            participation("ubs", Role.FUNDING),
            participation("iom-indonesia", Role.IMPLEMENTING),
        ],
    },
    {
        "slug": "carrefour-paz-y-vida",
        "title": "“Paz y Vida”: products of vulnerable communities in Carrefour stores",
        "summary": (
            "An agreement signed in May 2007 between Carrefour and IOM Colombia opens the French retailer’s stores "
            "in Colombia to products made by vulnerable populations: home decor, office supplies, handicrafts and "
            "clothing made by Afro-Colombians, indigenous people, displaced persons, victims of human trafficking "
            "and minors demobilized from illegal armed groups. It strengthens income-generating projects and their "
            "socio-economic stabilization. “Paz y Vida” (peace and life) is the slogan of the social marketing "
            "campaign."
        ),
        "status": Status.ACTIVE,
        "start": "2007-05",
        "countries": ["CO"],
        "themes": ["livelihoods", "return-and-reintegration"],
        "participations": [
            participation(
                "carrefour",
                Role.PRIVATE_SECTOR,
                agreement=Agreement.AGREEMENT,
                start="2007-05",
                in_kind="Sells the products in its stores in Colombia.",
            ),
            participation("iom-colombia", Role.IMPLEMENTING, agreement=Agreement.AGREEMENT, start="2007-05"),
        ],
        "figures": [
            figure(
                F.SITES, "35", "stores", "Carrefour stores in Colombia selling the products", "35 stores in Colombia"
            ),
            figure(
                F.PEOPLE_REACHED,
                "1500",
                "people",
                "people benefiting from the income-generating projects",
                "benefit some 1,500 people",
                qualifier=Q.ABOUT,
            ),
        ],
        "quotes": [
            quote(
                "For Carrefour, marketing these products is a priority because our company wants to help vulnerable "
                "communities in Colombia,",
                person="Ximena Botero",
                organisation="carrefour",
            ),
            quote(
                "Carrefour customers who buy these products in the supermarkets know that they are helping these "
                "vulnerable populations and that their purchases provide an opportunity for peace and life.",
                person="José Angel Oropeza",
                organisation="iom-colombia",
            ),
        ],
    },
    {
        "slug": "narino-coffee-growing-families",
        "title": "Sustainable Development Programme for Nariño Coffee Growing Families",
        "programme": "Sustainable Development Programme for Nariño Coffee Growing Families",
        "summary": (
            "Starbucks, Empresas de Nariño Ltda., the Dutch Government and IOM Colombia signed an agreement in 2006 "
            "to help displaced, vulnerable and host communities with education, food security and other activities "
            "that improve their quality of life and reduce forced migration. Water tanks were installed in homes "
            "and schools, and coffee commercialization associations were created to sell coffee to Empresas de "
            "Nariño."
        ),
        "status": Status.ACTIVE,
        "start": "2006",
        "countries": ["CO"],
        "places": [("Nariño", "CO")],
        "themes": ["livelihoods", "education", "water-and-sanitation"],
        "participations": [
            participation("starbucks", Role.PRIVATE_SECTOR, agreement=Agreement.MULTILATERAL, start="2006"),
            participation(
                "empresas-de-narino",
                Role.PRIVATE_SECTOR,
                agreement=Agreement.MULTILATERAL,
                start="2006",
                note="Buys coffee from the associations.",
            ),
            participation("dutch-government", Role.GOVERNMENT, agreement=Agreement.MULTILATERAL, start="2006"),
            participation("iom-colombia", Role.IMPLEMENTING, agreement=Agreement.MULTILATERAL, start="2006"),
        ],
        "figures": [
            figure(
                F.GROUPS,
                "7",
                "coffee commercialization associations",
                "coffee associations created",
                "seven coffee commercialization associations were created",
            ),
        ],
    },
    {
        "slug": "media-go-counter-trafficking-budapest",
        "title": "Media support for IOM Budapest’s counter-trafficking campaigns",
        "summary": (
            "Media GO gives extensive help to IOM Budapest’s counter-trafficking programme through media advice and "
            "financial discounts."
        ),
        "status": Status.ACTIVE,
        "countries": ["HU"],
        "themes": ["counter-trafficking", "awareness-raising"],
        "participations": [
            participation("media-go", Role.IN_KIND, in_kind="Media advice and financial discounts."),
            participation("iom-budapest", Role.IMPLEMENTING),
        ],
        "quotes": [
            quote(
                "People working in the media have extensive means at hand to shape public opinion. We at MediaGo "
                "Holding think that this not only entails opportunities but includes great responsibility as well. "
                "We are happy to participate in IOM’s counter trafficking campaigns, knowing that they may change "
                "many people’s lives. High profile campaigns are very impressive and socially useful. My team and I "
                "are convinced that long-term cooperation can do much in the long run. This is why we support IOM’s "
                "mandate and mission with all our heart, will and professionalism in order to make a better world "
                "for everyone.",
                person="Szilard Béres",
                organisation="mediago-holding",
            ),
        ],
    },
]

# Figures about an organisation or a crisis rather than a project: (subject, slug, figure)
OTHER_FIGURES = [
    (
        "organisation",
        "iom",
        figure(
            F.GROUPS,
            "1600",
            "civil-society organisations",
            "global civil-society organisations working with IOM",
            "Today over 1,600 global Civil Society Organisations (CSO’s) work with IOM",
            qualifier=Q.MORE_THAN,
        ),
    ),
    (
        "organisation",
        "acte",
        figure(
            F.MONEY,
            "200000000000",
            "EUR",
            "size of the business travel industry ACTE’s members represent",
            "ACTE’s members represent the €200 billion business travel industry.",
        ),
    ),
    (
        "organisation",
        "maple-leaf-foods",
        figure(
            F.OTHER,
            "23000",
            "employees",
            "employees",
            "23,000 employees across Canada, the United States, the United Kingdom and Asia",
        ),
    ),
    (
        "organisation",
        "maple-leaf-foods",
        figure(
            F.SITES,
            "100",
            "facilities",
            "facilities operated",
            "operates more than 100 facilities",
            qualifier=Q.MORE_THAN,
        ),
    ),
    (
        "crisis",
        "south-africa-xenophobic-violence-2008",
        figure(F.DEATHS, "62", "people", "people dead", "leaving 62 people dead"),
    ),
    (
        "crisis",
        "south-africa-xenophobic-violence-2008",
        figure(F.PEOPLE_AFFECTED, "100000", "people", "people displaced", "about 100,000 displaced", qualifier=Q.ABOUT),
    ),
    (
        "crisis",
        "cyclone-myanmar-2008",
        figure(
            F.DEATHS,
            "60000",
            "people",
            "estimated dead and missing",
            "Estimates of the dead and missing ranged between 60,000 – 100,000",
            qualifier=Q.RANGE,
            value_max="100000",
        ),
    ),
    (
        "crisis",
        "cyclone-myanmar-2008",
        figure(
            F.PEOPLE_AFFECTED,
            "1500000",
            "people",
            "people severely affected or displaced",
            "a further 1.5 million severely affected or displaced by the storm",
        ),
    ),
    (
        "crisis",
        "cyclone-myanmar-2008",
        figure(
            F.SITES,
            "5",
            "states and divisions",
            "of the country’s 17 states and divisions devastated",
            "devastated five of the country’s 17 states and divisions",
        ),
    ),
]

# (name, year, person, organisations, project, note)
AWARDS = [
    (
        "Nansen Refugee Award",
        2012,
        "Mama Hawa Aden Mohamed",
        ["gecpd"],
        None,
        "Awarded to the founder of GECPD.",
    ),
    (
        "IOM/Saatchi & Saatchi Win Award",
        None,
        None,
        ["iom", "saatchi-saatchi"],
        "sactap-tv-advert",
        "The source gives only this headline.",
    ),
    (
        "Best Corporate Social Responsibility Award for IOM Programme in Colombia",
        None,
        None,
        ["iom-colombia"],
        None,
        "Listed under Related News; the source does not say which programme or when.",
    ),
]

# (title, kind, date, summary, credit, organisations, people, projects, countries)
PUBLICATIONS = [
    (
        "Man on Ground",
        Publication.Kind.FILM,
        "2012-05",
        "A film backed by IOM about identity, fear, xenophobia and reconciliation, launched in May 2012 on the "
        "commemoration of the 2008 violence in South Africa.",
        "",
        ["iom"],
        [],
        ["communities-of-diversity-and-peace"],
        ["ZA"],
    ),
    (
        "Study on solar lanterns and sexual and gender-based violence",
        Publication.Kind.STUDY,
        "2013-12",
        "The study of the Garowe baseline and post-intervention research, to be released in December 2013.",
        "",
        ["iom", "panasonic", "university-of-tokyo", "university-of-nairobi"],
        [],
        ["solar-lanterns-sgbv-study-garowe"],
        ["SO"],
    ),
    (
        "TV advertisement against human trafficking",
        Publication.Kind.ADVERT,
        None,
        "A TV advertisement conveying the chilling duplicity of human traffickers, broadcast throughout Southern "
        "Africa.",
        "",
        ["saatchi-saatchi", "fresh-eye-productions", "sabc", "etv", "iom"],
        ["Liam Wielopolski"],
        ["sactap-tv-advert"],
        ["ZA"],
    ),
    (
        "IOM-CSO Partnerships: Advancing Migration for the Benefit of All",
        Publication.Kind.STORY,
        None,
        "IOM and civil-society organizations cooperate on migration at global, regional, national and local "
        "levels. CSOs have strong ties to their communities, which complements IOM’s work; where they are national "
        "or local, cooperation contributes to local ownership and sustainability of IOM programming.",
        "",
        ["iom"],
        [],
        [],
        [],
    ),
    (
        "Improving the Environmental Health Conditions of the People of Somalia",
        Publication.Kind.STORY,
        None,
        "IOM and its partners work together to improve the health conditions of vulnerable migrants and host "
        "communities in Somalia.",
        "",
        ["iom"],
        [],
        [],
        ["SO"],
    ),
    (
        "A Drama of Hope in Viet Nam",
        Publication.Kind.PERFORMANCE,
        None,
        "A dance performance called “Inviting Myself to Hope” is staged by a group of migrants telling authentic "
        "stories from their own lives as survivors of domestic violence.",
        "",
        ["iom"],
        [],
        [],
        ["VN"],
    ),
    (
        "Mexico – Public Policies Benefiting Migrants",
        Publication.Kind.PUBLICATION,
        None,
        "Grupos Beta and Programa Paisano, both examples of successful partnerships with government and civil "
        "society, promote the protection of migrant communities in Mexico.",
        "",
        ["iom", "grupos-beta", "programa-paisano"],
        [],
        [],
        ["MX"],
    ),
    (
        "Best Corporate Social Responsibility Award for IOM Programme in Colombia",
        Publication.Kind.NEWS,
        None,
        "Related news headline.",
        "",
        ["iom-colombia"],
        [],
        [],
        ["CO"],
    ),
    (
        "UN-IOM Corporate Social Responsibility Event Provides Opportunity for Private Sector Flood Relief",
        Publication.Kind.NEWS,
        None,
        "Related news headline.",
        "",
        ["iom"],
        [],
        [],
        [],
    ),
    (
        "IOM/Saatchi & Saatchi Win Award",
        Publication.Kind.NEWS,
        None,
        "News headline about an award won by IOM and Saatchi & Saatchi for their work together.",
        "",
        ["iom", "saatchi-saatchi"],
        [],
        ["sactap-tv-advert"],
        [],
    ),
    (
        "Briefing of United Nations Member States on the activities of the Global Migration Group",
        Publication.Kind.PHOTO,
        "2007",
        "Photograph of a briefing of UN Member States on the GMG’s activities.",
        "© IOM 2007. Photo: Anke Strauss",
        ["iom"],
        ["Anke Strauss"],
        [],
        [],
    ),
]


@transaction.atomic
def load() -> tuple[set[int], set[int]]:
    """Load (or bring up to date) the seed; returns the ids of its projects and
    organisations, whose search text it makes."""
    countries = {country.code: country for country in Country.objects.all()}
    themes = {
        slug: upsert(Theme, {"slug": slug}, {"name": name, "description": description})
        for slug, name, description in THEMES
    }

    orgs: dict[str, Organisation] = {}
    for slug, name, acronym, kind, hq, _parent, aliases, description in ORGANISATIONS:
        orgs[slug] = upsert(
            Organisation,
            {"slug": slug},
            {
                "name": name,
                "acronym": acronym,
                "kind": kind,
                "hq_country": countries[hq] if hq else None,
                "aliases": aliases,
                "description": description,
            },
        )
    for slug, *_rest, parent, _aliases, _description in ORGANISATIONS:
        upsert(Organisation, {"slug": slug}, {"parent": orgs[parent] if parent else None})

    crises = {}
    for slug, name, kind, when, codes, summary in CRISES:
        crises[slug] = upsert(
            Crisis, {"slug": slug}, {"name": name, "kind": kind, "summary": summary, **single_date(when)}
        )
        set_related(crises[slug].countries, [countries[code] for code in codes])

    places = {
        (name, code): upsert(Place, {"name": name, "country": countries[code] if code else None}, {"region": region})
        for name, code, region in PLACES
    }

    people = {
        name: upsert(
            Person,
            {"name": name, "organisation": orgs[org] if org else None},
            {"job_title": title, "note": note},
        )
        for name, title, org, note in PEOPLE
    }

    projects: dict[str, Project] = {}
    for spec in PROJECTS:
        project = upsert(
            Project,
            {"slug": spec["slug"]},
            {
                "title": spec["title"],
                "programme": spec.get("programme", ""),
                "summary": spec["summary"],
                "status": spec["status"],
                **dates(spec),
            },
        )
        projects[spec["slug"]] = project
        set_related(project.countries, [countries[code] for code in spec.get("countries", [])])
        set_related(project.places, [places[key] for key in spec.get("places", [])])
        set_related(project.themes, [themes[slug] for slug in spec["themes"]])
        set_related(project.crises, [crises[slug] for slug in spec.get("crises", [])])
        for part in spec["participations"]:
            upsert(
                Participation,
                {"project": project, "organisation": orgs[part["org"]], "role": part["role"]},
                {
                    "amount": part["amount"],
                    "currency": part["currency"],
                    "in_kind": part["in_kind"],
                    "agreement": part["agreement"],
                    "note": part["note"],
                    **dates(part),
                },
            )
        for fig in spec.get("figures", []):
            _upsert_figure(fig, project=project)
        for said in spec.get("quotes", []):
            upsert(
                Quote,
                {"text": said["text"], "person": people.get(said["person"]), "project": project},
                {"organisation": orgs.get(said["organisation"]), "note": said["note"]},
            )
    for spec in PROJECTS:
        follows = projects[spec["follows"]] if "follows" in spec else None
        upsert(Project, {"slug": spec["slug"]}, {"follows": follows})

    for subject, slug, fig in OTHER_FIGURES:
        owner = orgs[slug] if subject == "organisation" else crises[slug]
        _upsert_figure(fig, **{subject: owner})

    for name, year, person, award_orgs, project, note in AWARDS:
        award = upsert(
            Award,
            {"name": name, "year": year},
            {"person": people.get(person), "project": projects.get(project), "note": note},
        )
        set_related(award.organisations, [orgs[slug] for slug in award_orgs])

    for title, kind, when, summary, credit, pub_orgs, pub_people, pub_projects, codes in PUBLICATIONS:
        publication = upsert(
            Publication, {"title": title}, {"kind": kind, "summary": summary, "credit": credit, **single_date(when)}
        )
        set_related(publication.organisations, [orgs[slug] for slug in pub_orgs])
        set_related(publication.people, [people[name] for name in pub_people])
        set_related(publication.projects, [projects[slug] for slug in pub_projects])
        set_related(publication.countries, [countries[code] for code in codes])
    return {project.pk for project in projects.values()}, {org.pk for org in orgs.values()}


def _upsert_figure(fig: dict, **owner) -> None:
    lookup = {"project": None, "organisation": None, "crisis": None, **owner, "label": fig["label"]}
    upsert(Figure, lookup, {key: value for key, value in fig.items() if key != "label"})
