import json
from io import StringIO

from django.conf import settings
from django.core.management import call_command


def test_the_published_json_schema_is_the_one_the_importer_uses():
    out = StringIO()
    call_command("proposal_schema", stdout=out)
    published = (settings.BASE_DIR / "docs" / "exchange-format.schema.json").read_text()
    assert json.loads(out.getvalue()) == json.loads(published), (
        "Regenerate: manage.py proposal_schema > docs/exchange-format.schema.json"
    )
