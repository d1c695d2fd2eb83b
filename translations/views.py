"""Translation pages: how complete each language is, its texts, editing one, the round trip."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cinterfor.concurrency import ConcurrentEdit
from cinterfor.forms import add_service_errors
from cinterfor.roles import role_required
from programme.models import Biennium
from programme.selectors import get_biennium_or_404
from programme.services import EDITORS

from . import selectors, services
from .exchange import export_file, import_file
from .forms import ImportForm, TextFilterForm, TranslationForm
from .sources import digest, translation_languages
from .xliff import UnreadableFile

PER_PAGE = 25


def _language_or_404(biennium: Biennium, language: str) -> str:
    names = dict(translation_languages(biennium))
    if language not in names:
        raise Http404(f"{biennium.label} is not translated into {language!r}.")
    return names[language]


@role_required(*EDITORS)
def overview(request: HttpRequest, years: str) -> HttpResponse:
    """Each language's completeness, overall and by kind of text."""
    biennium = get_biennium_or_404(years)
    statuses = selectors.statuses_by_language(biennium=biennium)
    languages = [
        {
            "code": code,
            "name": name,
            "total": selectors.completeness(statuses[code], name),
            "by_kind": selectors.completeness_by_kind(statuses[code]),
        }
        for code, name in translation_languages(biennium)
    ]
    context = {"biennium": biennium, "languages": languages}
    return render(request, "translations/overview.html", context)


@role_required(*EDITORS)
def text_list(request: HttpRequest, years: str, language: str) -> HttpResponse:
    """One language's texts, filtered by status and kind, 25 a page."""
    biennium = get_biennium_or_404(years)
    language_name = _language_or_404(biennium, language)
    filter_form = TextFilterForm(request.GET)
    filters = filter_form.filters()
    statuses = [
        s
        for s in selectors.text_statuses(biennium=biennium, language=language)
        if s.status == filters.get("status", s.status)
        and s.source.kind == filters.get("kind", s.source.kind)
    ]
    context = {
        "biennium": biennium,
        "language": language,
        "language_name": language_name,
        "filter_form": filter_form,
        "page_obj": Paginator(statuses, PER_PAGE).get_page(request.GET.get("page")),
    }
    return render(request, "translations/texts.html", context)


@role_required(*EDITORS)
def translation_edit(request: HttpRequest, years: str, language: str, key: str) -> HttpResponse:
    """The source and its translation side by side; what changed in the source if outdated."""
    biennium = get_biennium_or_404(years)
    language_name = _language_or_404(biennium, language)
    text = selectors.text_status(biennium=biennium, language=language, key=key)
    if text is None:
        raise Http404(f"{biennium.label} has no text {key!r}.")
    seen = {
        "text": text.translation.text if text.translation else "",
        "version": text.translation.version if text.translation else 0,
        "source_digest": digest(text.source.text),
    }
    form = TranslationForm(request.POST or None, initial=seen, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            services.translation_save(
                biennium=biennium,
                key=key,
                language=language,
                text=form.cleaned_data["text"],
                by=request.user,
                seen_version=form.cleaned_data["version"],
                seen_source_digest=form.cleaned_data["source_digest"],
            )
        except (ConcurrentEdit, PermissionDenied) as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The translation was saved."))
            return redirect("translations:edit", years=years, language=language, key=key)
    context = {
        "biennium": biennium,
        "language": language,
        "language_name": language_name,
        "source_language": biennium.source_language,
        "text": text,
        "form": form,
        "can_edit": not biennium.is_locked,
    }
    return render(request, "translations/edit.html", context)


@role_required(*EDITORS)
def export(request: HttpRequest, years: str, language: str) -> HttpResponse:
    """The language's texts as a file for translators' tools (XLIFF 1.2, or ?format=json)."""
    biennium = get_biennium_or_404(years)
    _language_or_404(biennium, language)
    file_format = "json" if request.GET.get("format") == "json" else "xliff"
    content = export_file(biennium=biennium, language=language, file_format=file_format)
    extension, media_type = (
        ("json", "application/json")
        if file_format == "json"
        else ("xlf", "application/x-xliff+xml")
    )
    response = HttpResponse(content, content_type=f"{media_type}; charset=utf-8")
    name = f"cinterfor-{biennium.slug}-{language}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(*EDITORS)
def import_page(request: HttpRequest, years: str) -> HttpResponse:
    """Upload a translated file: "Preview" reports what it would do, "Import" does it, all or
    nothing."""
    biennium = get_biennium_or_404(years)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"biennium": biennium, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dry_run = "preview" in request.POST
        try:
            language, result, problems = import_file(
                biennium=biennium,
                content=upload.read(),
                file_name=upload.name,
                by=request.user,
                dry_run=dry_run,
            )
        except UnreadableFile as error:
            form.add_error("file", str(error))
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        else:
            context.update(
                {
                    "language": language,
                    "result": result,
                    "problems": problems,
                    "dry_run": dry_run,
                    "file_name": upload.name,
                }
            )
    return render(request, "translations/import.html", context)
