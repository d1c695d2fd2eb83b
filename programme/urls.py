"""The programme staff's pages of one biennium, under bienniums/<years>/programme/."""

from django.urls import path

from .views import activities, lines, narrative

app_name = "programme"
urlpatterns = [
    path("", lines.lines_page, name="lines"),
    path("lines/<str:letter>/", lines.line_page, name="line"),
    path("lines/<str:letter>/edit/", lines.line_edit, name="line_edit"),
    path(
        "lines/<str:letter>/activities/new/",
        activities.activity_create,
        name="activity_create",
    ),
    path("activities/", activities.activity_list, name="activities"),
    path("activities/<int:pk>/", activities.activity_page, name="activity"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", activities.activity_delete, name="activity_delete"),
    path(
        "activities/<int:pk>/move/<str:direction>/",
        activities.activity_move,
        name="activity_move",
    ),
    path("sections/", narrative.sections_page, name="sections"),
    path("sections/<int:pk>/edit/", narrative.section_edit, name="section_edit"),
    # A paragraph by the number the document prints (paragraphs/15/ is paragraph 15), the
    # address every link uses. The id addresses carry the paragraph's identity: they forward to
    # its number wherever it stands, and edits post there, so a renumbering between reading
    # and saving cannot send the text to another paragraph (programme/numbering.py).
    path("paragraphs/<int:number>/", narrative.paragraph_by_number, name="paragraph_number"),
    path(
        "paragraphs/<int:number>/edit/",
        narrative.paragraph_edit_by_number,
        name="paragraph_number_edit",
    ),
    path("paragraphs/id/<int:pk>/", narrative.paragraph_page, name="paragraph"),
    path("paragraphs/id/<int:pk>/edit/", narrative.paragraph_edit, name="paragraph_edit"),
    path(
        "paragraphs/id/<int:pk>/footnotes/new/",
        narrative.footnote_create,
        name="footnote_create",
    ),
    path("footnotes/<int:pk>/", narrative.footnote_page, name="footnote"),
    path("footnotes/<int:pk>/delete/", narrative.footnote_delete, name="footnote_delete"),
    path("footnotes/<int:pk>/edit/", narrative.footnote_edit, name="footnote_edit"),
    path(
        "paragraphs/id/<int:pk>/restore/<int:history_id>/",
        narrative.paragraph_restore,
        name="paragraph_restore",
    ),
    path(
        "footnotes/<int:pk>/restore/<int:history_id>/",
        narrative.footnote_restore,
        name="footnote_restore",
    ),
    path("activities/deleted/", activities.deleted_activities, name="deleted_activities"),
    path(
        "activities/<int:pk>/restore/<int:history_id>/",
        activities.activity_restore,
        name="activity_restore",
    ),
]
