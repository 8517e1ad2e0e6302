"""Generate deterministic synthetic Arabic/English news documents as native JSONL, optionally with entity spans."""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ARABIC_SHARE = 0.6
ANNOTATOR = "bench"

AR_WORDS = (
    "قال أعلن أكد أشار أضاف نفى كشف ذكر أوضح شدد حذر دعا طالب رفض وافق بحث التقى استقبل وصل غادر "
    "الرئيس الوزير رئيس وزير وزارة الخارجية الدفاع الداخلية الحكومة البرلمان المجلس الأمن الدولي "
    "المتحدث الرسمي باسم مصادر مطلعة مسؤول مسؤولون بيان صحفي مؤتمر قمة اجتماع زيارة رسمية محادثات "
    "اتفاق اتفاقية معاهدة عقوبات اقتصادية صواريخ باليستية تجربة نووية برنامج العسكري الجيش القوات "
    "الحدود المنطقة الإقليمية الدولية العالمية السياسية الاقتصادية الأمنية العلاقات الثنائية التعاون "
    "التوتر التصعيد الأزمة الحرب السلام المفاوضات الانتخابات الرئاسية التشريعية المعارضة الأحزاب "
    "الأسبوع الماضي المقبل اليوم أمس الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد العام الجاري "
    "في من إلى على عن مع بعد قبل خلال بين حول منذ حتى أن إن التي الذي الذين هذا هذه ذلك تلك كما وقد "
    "لكن غير أكثر أقل نحو حوالي مليون مليار دولار نسبة بالمئة الاقتصاد النفط الغاز الأسواق الأسعار "
    "وكالة الأنباء التلفزيون الرسمي الصحافة المراسل التقرير المصادر الشعب المواطنين اللاجئين المساعدات"
).split()
AR_TASHKEEL = ("الرَّئِيسُ", "الحُكُومَةُ", "المُتَحَدِّثُ", "السَّلَامُ", "الأَمْنُ", "الدَّوْلَةُ",
               "اتِّفَاقٌ", "قَالَ", "أَعْلَنَ", "مُفَاوَضَاتٌ", "الشَّعْبُ", "العَاصِمَةِ")
EN_WORDS = (
    "said announced confirmed denied warned urged rejected agreed met visited arrived left told added "
    "president minister prime foreign defence interior government parliament council security "
    "spokesman official officials statement press conference summit meeting talks visit agreement "
    "treaty sanctions economic ballistic missile missiles nuclear test programme military army troops "
    "border region regional international global political economic bilateral relations cooperation "
    "tension escalation crisis war peace negotiations election presidential opposition parties "
    "last week next today yesterday Monday Tuesday Wednesday Thursday Friday year month "
    "in of to on from with after before during between about since until that which who this these "
    "but more less nearly around million billion dollars percent economy oil gas markets prices "
    "agency news state television media correspondent report sources people citizens refugees aid "
    "the the the a a an and and and is was were has have had will would could may also however"
).split()
AR_NAMES = {
    "PER": ("كيم جونغ أون", "فلاديمير بوتين", "دونالد ترامب", "جو بايدن", "يون سوك يول", "مُحَمَّد بن سلمان",
            "أنطونيو غوتيريش", "سيرغي لافروف", "عبد الفتاح السيسي", "رجب طيب أردوغان"),
    "GPE": ("الولايات المتحدة", "كوريا الشمالية", "كوريا الجنوبية", "روسيا", "الصين", "موسكو", "واشنطن",
            "بيونغ يانغ", "سيول", "القاهرة", "الرياض", "طهران", "الخرطوم", "المَغْرِب"),
    "ORG": ("الأمم المتحدة", "مجلس الأمن", "حلف شمال الأطلسي", "وكالة الأنباء المركزية الكورية",
            "الاتحاد الأوروبي", "جامعة الدول العربية", "صندوق النقد الدولي", "حزب العمال الكوري"),
}
EN_NAMES = {
    "PER": ("Kim Jong Un", "Vladimir Putin", "Donald Trump", "Joe Biden", "Yoon Suk Yeol", "Antonio Guterres",
            "Sergei Lavrov", "Recep Tayyip Erdogan", "Mohammed bin Salman", "Olaf Scholz"),
    "GPE": ("United States", "North Korea", "South Korea", "Russia", "China", "Moscow", "Washington",
            "Pyongyang", "Seoul", "Cairo", "Riyadh", "Tehran", "Khartoum", "Morocco"),
    "ORG": ("United Nations", "Security Council", "NATO", "Korean Central News Agency", "European Union",
            "Arab League", "International Monetary Fund", "Workers' Party of Korea", "Reuters"),
}
AR_PROCLITICS = ("و", "ف", "ب", "ك", "وب", "وَ")  # glued to the next word; "ل" + "ال" would fuse into "لل"
AR_BOILERPLATE = ("اقرأ أيضا", "اقرأ أيضاً:", "الأكثر قراءة", "شارك هذا المقال", "تابعونا على تويتر",
                  "جميع الحقوق محفوظة ©", "إعلان", "المزيد من الأخبار")
EN_BOILERPLATE = ("Most Read", "Share this article", "Read more:", "Advertisement", "Sign up for our newsletter",
                  "Related stories", "© All rights reserved", "Follow us on X")
EMOJI = ("🔴", "📌", "⚡", "🇺🇸", "🇰🇵", "👇", "📰", "👨‍👩‍👧", "✅")
AR_PUNCT, EN_PUNCT = ("،", "،", "؛"), (",", ",", ";")


Sentence = tuple[str, tuple[tuple[int, int, str, str], ...]]  # text, (start, end, label, name) of its entities
POOL_SIZE = 4096  # pre-rendered sentences per language; documents are drawn from them


def _sentence(rng: random.Random, ar: bool) -> Sentence:
    """One sentence of news vocabulary, with the entity names inserted in it."""
    words, names = (AR_WORDS, AR_NAMES) if ar else (EN_WORDS, EN_NAMES)
    text = ""
    found: list[tuple[int, int, str, str]] = []
    chunks = rng.randint(1, 3)
    for n in range(chunks):
        chunk = rng.choices(words, k=rng.randint(3, 9))
        if ar and rng.random() < 0.3:
            chunk[rng.randrange(len(chunk))] = rng.choice(AR_TASHKEEL)
        if not ar and n == 0:
            chunk[0] = chunk[0].capitalize()
        text += (" " if text else "") + " ".join(chunk)
        if rng.random() < 0.6:
            label = rng.choice(("PER", "GPE", "GPE", "ORG"))
            name = rng.choice(names[label])
            prefix = rng.choice(AR_PROCLITICS) if ar and rng.random() < 0.35 else ""
            start = len(text) + 1 + len(prefix)
            found.append((start, start + len(name), label, name))
            text += " " + prefix + name
            if n < chunks - 1 and rng.random() < 0.2:
                text += rng.choice(AR_PUNCT if ar else EN_PUNCT)
    text += "." if rng.random() < 0.97 else " " + rng.choice(EMOJI)
    return text, tuple(found)


def make_document(rng: random.Random, pool: list[Sentence], ar: bool, with_spans: bool) -> tuple[str, list[dict[str, Any]]]:
    """The text of one document, and its entity spans when ``with_spans``."""
    boiler = AR_BOILERPLATE if ar else EN_BOILERPLATE
    target = rng.randint(1000, 4000) // (2 if ar else 1)  # ~1-4 KB of UTF-8: Arabic letters take two bytes
    spans: list[dict[str, Any]] = []
    out: list[str] = []
    pos = 0
    if rng.random() < 0.3:
        out.append(rng.choice(boiler) + "\n\n")
        pos = len(out[0])
    while pos < target:
        for k, (text, found) in enumerate(rng.choices(pool, k=rng.randint(2, 5))):
            if k:
                out.append(" ")
                pos += 1
            if with_spans:
                spans += [{"start": pos + a, "end": pos + b, "label": label, "text": name} for a, b, label, name in found]
            out.append(text)
            pos += len(text)
        line = "\n\n" + (rng.choice(boiler) + (" " + rng.choice(EMOJI) if rng.random() < 0.3 else "") + "\n\n"
                          if rng.random() < 0.12 else "")
        out.append(line)
        pos += len(line)
    out += [rng.choice(boiler) + "\n" for _ in range(rng.randint(0, 3))]
    return "".join(out).rstrip("\n"), spans


def generate(count: int, seed: int = 0, spans: bool = False) -> Iterator[dict[str, Any]]:
    """``count`` records, the same ones for the same ``seed``; with ``spans``, entity spans by 'bench'."""
    rng = random.Random(seed)
    pools = {ar: [_sentence(rng, ar) for _ in range(POOL_SIZE)] for ar in (True, False)}
    for i in range(count):
        ar = rng.random() < ARABIC_SHARE
        text, found = make_document(rng, pools[ar], ar, spans)
        record: dict[str, Any] = {"id": f"s{seed}-{i:07d}", "text": text, "meta": {"lang": "ar" if ar else "en"}}
        if found:
            record["annotator"] = ANNOTATOR
            record["spans"] = found
        yield record


def write_jsonl(path: Path, count: int, seed: int = 0, spans: bool = False) -> int:
    """Write the records to ``path``; return the number of bytes written."""
    size = 0
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with path.open("wb") as fh:
        for record in generate(count, seed, spans):
            size += fh.write((dumps(record) + "\n").encode("utf-8"))
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, required=True, help="number of documents")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.jsonl")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--spans", action="store_true", help="add PER/GPE/ORG entity spans by annotator 'bench'")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    size = write_jsonl(args.out, args.count, args.seed, args.spans)
    print(f"wrote {args.count} documents ({size / 1e6:.1f} MB) to {args.out} in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
