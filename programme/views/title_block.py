"""The managers' page for the document's title block."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from cinterfor.roles import MANAGERS, role_required

from ..selectors import get_biennium_or_404
from ..title_block import TitleBlockForm, title_block_update
from .common import edit_page


@role_required(MANAGERS)
def title_block_edit(request: HttpRequest, years: str) -> HttpResponse:
    """Edit the session, symbol, segment, title, date and purpose the document is framed by."""
    biennium = get_biennium_or_404(years)
    return edit_page(
        request,
        biennium=biennium,
        back={"to": "workflow:status", "years": years},
        make_form=lambda data: TitleBlockForm(data, biennium=biennium),
        save=lambda form: title_block_update(
            biennium=biennium,
            by=request.user,
            seen_version=form.cleaned_data["version"],
            **form.values(),
        ),
        success=lambda _result: _("The title block is saved."),
        template="programme/title_block_form.html",
        context=lambda posted: {"biennium": get_biennium_or_404(years) if posted else biennium},
    )
