"""The words of the agreement report (formats.html_report), one table per language, kept here to be reviewed.

Each entry is a `str.format` template; the names in braces are filled in by the report, always
with escaped (and, for project data, isolated) HTML. Both tables have the same keys and the same
placeholders (tested). Numbers are written alike in every language: Western digits 0-9 and a
decimal point, so a figure in the Arabic report is the very string that the CLI and JSON print.
Stored project data (names, labels, ids, roles without an entry here) is never translated.
"""

from __future__ import annotations

LANGUAGES = ("en", "ar")  # the first is the default
RTL = frozenset({"ar"})

EN = {
    "title": "Agreement: {name}",
    "heading": "Agreement report: {name}",
    "project": "Project",
    "annotators": "Annotators",
    "nobody": "nobody",
    "documents_compared": "Documents compared",
    "n_of_total": "{n} of {total}",
    "scope": "Scope",
    "scope_all": "all documents, finished or not",
    "scope_done": "documents that both annotators of a pair marked done",
    "list_sep": ", ",
    "n/a": "n/a",
    "doc_labels": "Document labels",
    "no_tasks": "The schema has no document tasks.",
    "task": "Task {key}",
    "alpha": "Krippendorff's α",
    "items": "items",
    "fleiss": "Fleiss' κ",
    "observed": "observed agreement",
    "pair": "pair",
    "cohen": "Cohen's κ",
    "n": "n",
    "confusion": "Confusion: {pair}",
    "confusion_none": "no document labelled by both",
    "confusion_axes": "{a} ↓ {b} →",
    "confusion_cell": "{a}: {la}, {b}: {lb}",
    "by_pair": "Agreement by annotator pair",
    "few_annotators": "Fewer than two annotators: no pairs to compare.",
    "by_pair_note": "Cohen's κ for each task, F1 (exact match) for each span layer; red is 0 or below, green is 1.",
    "heat_task": "Cohen's κ, task {key}",
    "heat_layer": "F1 exact, layer {key}",
    "spans": "Span layers",
    "exact": "exact",
    "overlap": "overlap",
    "layer": "Layer {name}",
    "character_alpha": "Character-level Krippendorff's α {value} over {n} characters.",
    "documents": "documents",
    "precision": "precision",
    "recall": "recall",
    "f1_exact": "F1 exact",
    "f1_overlap": "F1 overlap",
    "character_kappa": "character κ",
    "per_label": "F1 per label: {pair} {legend}",
    "per_label_aria": "F1 per label, {pair}",
    "bar_title": "{label} {kind} F1 {value}",
    "ranking": "Most disagreement",
    "ranking_note": "The {n} documents where the annotators differ most: the share of their distinct annotations "
                    "(spans and document labels) that not every one of them made, as in the review queue.",
    "ranking_none": "No document was annotated by two people.",
    "rank": "#",
    "document": "document",
    "score": "score",
    "label_differences": "label differences",
    "span_differences": "span differences",
    "annotators_head": "annotators",
    "excerpt": "excerpt",
    "progress": "Progress",
    "progress_note": "Documents per annotator, out of {n}: {legend}",
    "progress_none": "Nobody has annotated yet.",
    "progress_aria": "progress of {name}",
    "annotator": "annotator",
    "role": "role",
    "time_spent": "time spent",
    "status.done": "done",
    "status.in_progress": "in progress",
    "status.skipped": "skipped",
    "status.todo": "todo",
    "role.annotator": "annotator",  # the roles as stored (store.values.ROLES)
    "role.reviewer": "reviewer",
    "role.lead": "lead",
    "seconds": "{s} s",
    "minutes": "{m} min",
    "hours": "{h} h {m} min",
}

# Modern Standard Arabic for QA reviewers. Terms, used the same way throughout: annotator = موسِّم
# (the shadda keeps it apart from موسم, "season"), label = وسم, annotation = توسيم, span = مقطع,
# document = مستند, character = محرف. Metric names stay in Latin letters as the literature writes
# them. Counts stand after a colon or in parentheses ("العدد: 12") so no noun has to agree with a number.
AR = {
    "title": "تقرير الاتفاق: {name}",
    "heading": "تقرير الاتفاق بين الموسِّمين: {name}",
    "project": "المشروع",
    "annotators": "الموسِّمون",
    "nobody": "لا أحد",
    "documents_compared": "الوثائق المقارَنة",
    "n_of_total": "{n} من أصل {total}",
    "scope": "النطاق",
    "scope_all": "كل الوثائق، مكتملةً كانت أم لا",
    "scope_done": "الوثائق التي أتمّها كلا موسِّمَي الزوج (بحالة «مكتملة»)",
    "list_sep": "، ",
    "n/a": "غير معرَّف",
    "doc_labels": "وسوم الوثائق",
    "no_tasks": "لا يتضمّن المخطط مهامّ على مستوى المستند.",
    "task": "المهمة {key}",
    "alpha": "Krippendorff α",
    "items": "العناصر",
    "fleiss": "Fleiss κ",
    "observed": "الاتفاق الملاحَظ",
    "pair": "الزوج",
    "cohen": "Cohen κ",
    "n": "العدد",
    "confusion": "مصفوفة الالتباس: {pair}",
    "confusion_none": "لا يوجد مستند وسّمه كلاهما",
    "confusion_axes": "{a} ↓ {b} ←",  # the other annotator's labels run leftwards in a right-to-left table
    "confusion_cell": "{a}: {la}، {b}: {lb}",
    "by_pair": "الاتفاق لكل زوج من الموسِّمين",
    "few_annotators": "عدد الموسِّمين أقل من اثنين، فلا أزواج للمقارنة.",
    "by_pair_note": "يُعرض معامل Cohen κ لكل مهمة، ومقياس F1 (بالتطابق التام) لكل طبقة مقاطع؛ "
                    "الأحمر يعني 0 أو أقل، والأخضر يعني 1.",
    "heat_task": "Cohen κ، المهمة {key}",
    "heat_layer": "F1 بالتطابق التام، الطبقة {key}",
    "spans": "طبقات المقاطع",
    "exact": "تطابق تام",
    "overlap": "تداخل",
    "layer": "الطبقة {name}",
    "character_alpha": "قيمة Krippendorff α على مستوى المحارف: {value} (عدد المحارف: {n}).",
    "documents": "الوثائق",
    "precision": "الدقة",
    "recall": "الاستدعاء",
    "f1_exact": "F1 (تطابق تام)",
    "f1_overlap": "F1 (تداخل)",
    "character_kappa": "κ على مستوى المحارف",
    "per_label": "F1 لكل وسم: {pair} {legend}",
    "per_label_aria": "F1 لكل وسم، {pair}",
    "bar_title": "{label}: F1 ({kind}) {value}",
    "ranking": "الوثائق الأكثر اختلافًا",
    "ranking_note": "الوثائق التي يشتدّ فيها الاختلاف بين الموسِّمين (العدد: {n}). الدرجة هي نسبة التوسيمات "
                    "المتمايزة (المقاطع ووسوم الوثائق) التي لم يضعها الموسِّمون جميعًا، كما في قائمة المراجعة.",
    "ranking_none": "لا يوجد مستند وسّمه شخصان.",
    "rank": "#",
    "document": "المستند",
    "score": "الدرجة",
    "label_differences": "اختلافات الوسوم",
    "span_differences": "اختلافات المقاطع",
    "annotators_head": "الموسِّمون",
    "excerpt": "مقتطف",
    "progress": "سير العمل",
    "progress_note": "الوثائق لكل موسِّم من أصل {n}: {legend}",
    "progress_none": "لم يبدأ أحد التوسيم بعد.",
    "progress_aria": "سير عمل {name}",
    "annotator": "الموسِّم",
    "role": "الدور",
    "time_spent": "الوقت المستغرق",
    "status.done": "مكتملة",
    "status.in_progress": "قيد العمل",
    "status.skipped": "متخطّاة",
    "status.todo": "لم تبدأ بعد",
    "role.annotator": "موسِّم",
    "role.reviewer": "مراجِع",
    "role.lead": "مسؤول المشروع",
    "seconds": "{s} ث",
    "minutes": "{m} د",
    "hours": "{h} س {m} د",
}

TEXTS = {"en": EN, "ar": AR}


def texts(lang: str) -> dict[str, str]:
    """The table for `lang` (one of LANGUAGES); an unknown language is a programming error, refused."""
    if lang not in TEXTS:
        raise ValueError(f"no report text for language {lang!r} (have: {', '.join(LANGUAGES)})")
    return TEXTS[lang]
