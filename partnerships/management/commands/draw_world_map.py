from django.core.management.base import BaseCommand

from partnerships import world_shapes


class Command(BaseCommand):
    help = (
        "Draw the world map's country shapes (static/img/world-map.svg) from the Natural Earth "
        "TopoJSON in partnerships/data/world-atlas-2.0.2. The file is in the repository: run this "
        "only after changing the shapes or how they are drawn."
    )

    def handle(self, **options):
        drawn = world_shapes.draw()
        world_shapes.SVG.write_text(drawn)
        self.stdout.write(f"Wrote {world_shapes.SVG} ({len(drawn):,} bytes).")
