import json

from django.core.management.base import BaseCommand

from budget.exchange.schema import Proposal


class Command(BaseCommand):
    help = (
        "Print the JSON Schema of the proposal exchange format (docs/exchange-format.schema.json)."
    )

    def handle(self, *args, **options):
        schema = Proposal.model_json_schema()
        self.stdout.write(json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True))
