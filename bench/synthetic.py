"""A synthetic archive for the benchmark: N reports × L languages of seeds.

Every seed is realistic text of the real seeds' kind: a lead sentence made
from templates (date, place, organization and a quoted project name, so that
every report gets its own title and every seed its own text), then paragraphs
recombined from the sentences of the real seeds in ``seeds/`` and the same
debris as they carry: ``| caption |`` rows, ``![]()``, comment counters, an
indented ``Source : https://…`` line (the same URL, give or take a trailing
slash or a tracking parameter, in every language of a report, so they group),
bylines, datelines, hard-wrapped paragraphs, CRLF and byte order marks.

Generation is deterministic for given real seeds: report ``i`` depends only
on ``(seed, i)`` and the reports before it (whose titles it must not repeat),
so the archive of 100 reports is the first 100 reports of the archive of 1,000.
Only the standard library is used, and nothing of the build's own stages but
its cleaner (to take paragraphs and captions out of the real seeds).
"""

from __future__ import annotations

import hashlib
import random
import re
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportarchive import cleaners, reader

from . import PROJECT_DIR

LANGUAGES = ("fr", "pt", "de", "uk")

# Cheap language identification of the real seeds (the benchmark must not
# depend on lingua to find its own sentences): frequent short words.
_STOPWORDS = {
    "fr": {"le", "la", "les", "des", "et", "du", "une", "est", "dans", "pour", "au", "aux", "sur", "lors"},
    "pt": {"o", "os", "as", "da", "do", "das", "dos", "e", "em", "na", "no", "um", "uma", "para", "com"},
    "de": {"der", "die", "das", "und", "den", "dem", "des", "ein", "eine", "mit", "zu", "für", "von", "auf"},
    "uk": {"і", "та", "в", "у", "з", "на", "що", "до", "від", "для", "із", "як", "про"},
}
_WORD_RE = re.compile(r"[^\W\d_]+")
_DATELINE_RE = re.compile(r"^\(\s*[^()]{1,40}\)\s*-\s*")  # "( Bqp.vn ) - ", kept out of the sentence pool
_SENTENCE_RE = re.compile(r"(?<=[.!?…])\s+(?=[«„\"(]?[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ])")

MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "uk": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня".split(),
}
PLACES = [
    ("Hanoi", "Ханой", "ha-noi"),
    ("Hue", "Хюе", "hue"),
    ("Da Nang", "Дананг", "da-nang"),
    ("Hai Phong", "Хайфон", "hai-phong"),
    ("Can Tho", "Кантхо", "can-tho"),
    ("Nha Trang", "Нячанг", "nha-trang"),
    ("Quang Ninh", "Куангнінь", "quang-ninh"),
    ("Thanh Hoa", "Тханьхоа", "thanh-hoa"),
    ("Nghe An", "Нгеан", "nghe-an"),
    ("Lang Son", "Лангшон", "lang-son"),
    ("Dong Nai", "Донгнай", "dong-nai"),
    ("Bac Ninh", "Бакнінь", "bac-ninh"),
    ("Lao Cai", "Лаокай", "lao-cai"),
    ("Ha Giang", "Хазянг", "ha-giang"),
    ("Ben Tre", "Бенче", "ben-tre"),
    ("Vinh Long", "Віньлонг", "vinh-long"),
]
# (fr, pt, de, uk, words for the source URL)
TOPICS = [
    (
        "transformation numérique des archives militaires",
        "transformação digital dos arquivos militares",
        "zur digitalen Transformation der Militärarchive",
        "цифрової трансформації військових архівів",
        "chuyen-doi-so-luu-tru-quan-su",
    ),
    (
        "modernisation de la formation politique",
        "modernização da formação política",
        "zur Modernisierung der politischen Ausbildung",
        "модернізації політичної підготовки",
        "hien-dai-hoa-dao-tao-chinh-tri",
    ),
    (
        "réforme administrative des unités locales",
        "reforma administrativa das unidades locais",
        "zur Verwaltungsreform der örtlichen Einheiten",
        "адміністративної реформи місцевих підрозділів",
        "cai-cach-hanh-chinh-don-vi",
    ),
    (
        "création d'une base de données du personnel",
        "criação de uma base de dados de pessoal",
        "zum Aufbau einer Personaldatenbank",
        "створення бази даних особового складу",
        "xay-dung-co-so-du-lieu-quan-nhan",
    ),
    (
        "développement du réseau informatique militaire",
        "desenvolvimento da rede informática militar",
        "zum Ausbau des militärischen Computernetzes",
        "розвитку військової комп'ютерної мережі",
        "phat-trien-mang-may-tinh-quan-su",
    ),
    (
        "sécurité de l'information",
        "segurança da informação",
        "zur Informationssicherheit",
        "забезпечення інформаційної безпеки",
        "bao-dam-an-toan-thong-tin",
    ),
    (
        "gestion électronique des documents",
        "gestão eletrónica de documentos",
        "zur elektronischen Dokumentenverwaltung",
        "електронного документообігу",
        "quan-ly-van-ban-dien-tu",
    ),
    (
        "formation des ingénieurs informatiques",
        "formação de engenheiros de TI",
        "zur Ausbildung von IT-Ingenieuren",
        "підготовки ІТ-інженерів",
        "dao-tao-ky-su-cong-nghe-thong-tin",
    ),
    (
        "éducation politique en ligne",
        "educação política online",
        "zur politischen Bildung im Internet",
        "політичної освіти в мережі",
        "giao-duc-chinh-tri-truc-tuyen",
    ),
    (
        "soutien logistique numérique",
        "apoio logístico digital",
        "zur digitalen Logistikunterstützung",
        "цифрового логістичного забезпечення",
        "bao-dam-hau-can-so",
    ),
    (
        "coopération avec Viettel",
        "cooperação com a Viettel",
        "zur Zusammenarbeit mit Viettel",
        "співпраці з Viettel",
        "hop-tac-voi-viettel",
    ),
    (
        "écosystème numérique du travail du Parti",
        "ecossistema digital do trabalho partidário",
        "zum digitalen Ökosystem der Parteiarbeit",
        "цифрової екосистеми партійної роботи",
        "he-sinh-thai-so-cong-tac-dang",
    ),
]
KINDS = {
    "fr": ["Projet", "Programme", "Plan", "Schéma directeur"],
    "pt": ["Projeto", "Programa", "Plano", "Plano diretor"],
    "de": ["Projekt", "Programm", "Plan", "Rahmenplan"],
    "uk": ["Проєкт", "Програма", "План", "Генеральна схема"],
}
ORGS = {
    "fr": [
        "le Département général de la politique",
        "le Commandement de la région militaire",
        "le Comité du Parti du ministère de la Défense",
        "l'Académie politique",
        "le Département de la propagande",
    ],
    "pt": [
        "o Departamento Geral de Política",
        "o Comando da Região Militar",
        "o Comité do Partido do Ministério da Defesa",
        "a Academia Política",
        "o Departamento de Propaganda",
    ],
    "de": [
        "die Hauptabteilung Politik",
        "das Kommando des Militärbezirks",
        "das Parteikomitee des Verteidigungsministeriums",
        "die Politische Akademie",
        "die Propagandaabteilung",
    ],
    "uk": [
        "Головного політичного управління",
        "Командування військового округу",
        "Партійного комітету Міністерства оборони",
        "Політичної академії",
        "Управління пропаганди",
    ],
}
BYLINE_NAMES = [
    ("MINH MANH", "МІНЬ МАНЬ"),
    ("VAN CHIEN", "ВАН ЧІЄН"),
    ("THU HANG", "ТХУ ХАНГ"),
    ("NGOC ANH", "НГОК АНЬ"),
    ("HOANG LONG", "ХОАНГ ЛОНГ"),
    ("QUANG HUY", "КУАНГ ХЮЇ"),
]
BYLINE_LABELS = {
    "fr": "Actualités et photos :",
    "pt": "Notícias e fotos:",
    "de": "Neuigkeiten und Fotos:",
    "uk": "Текст і фото:",
}
SOURCE_LABELS = {"fr": "Source :", "pt": "Fonte:", "de": "Quelle:", "uk": "Джерело:"}
COMMENT_COUNTERS = {"fr": "Comment (0)", "pt": "Comentários (0)", "de": "Kommentar (0)", "uk": "Коментар (0)"}
DATELINES = ["( Bqp.vn ) - ", "(QĐND) - ", "HANOI - "]
# Appended to a paragraph by the "edit one seed" measurement.
EDIT_SENTENCES = {
    "fr": "Ce paragraphe a été complété lors de la révision {tag}.",
    "pt": "Este parágrafo foi completado na revisão {tag}.",
    "de": "Dieser Absatz wurde bei der Überarbeitung {tag} ergänzt.",
    "uk": "Цей абзац було доповнено під час редагування {tag}.",
}


@dataclass(frozen=True)
class Pool:
    """Sentences and captions of one language, from the real seeds."""

    sentences: tuple[str, ...]
    captions: tuple[str, ...]


@dataclass
class SyntheticSeed:
    name: str
    language: str
    report: int
    source_url: str
    paragraphs: list[str] = field(default_factory=list)  # as written (a whole line or block each)
    editable: bool = True  # plain UTF-8, LF, paragraphs not hard-wrapped


def guess_language(text: str) -> str | None:
    words = [w.lower() for w in _WORD_RE.findall(text[:5000])]
    if not words:
        return None
    cyrillic = sum(1 for ch in text[:5000] if "\u0400" <= ch <= "\u04ff")
    if cyrillic > len(text[:5000]) / 4:
        return "uk"
    scores = {code: sum(1 for w in words if w in stop) for code, stop in _STOPWORDS.items() if code != "uk"}
    return max(scores, key=scores.get)


def split_sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_RE.split(paragraph) if len(s.strip()) > 20]


@lru_cache(maxsize=4)
def load_pools(seeds_dir: Path) -> dict[str, Pool]:
    """Sentences and captions per language from the real seeds (sorted by name)."""
    sentences: dict[str, list[str]] = {}
    captions: dict[str, list[str]] = {}
    paths, _ = reader.find_seed_paths(seeds_dir)
    for abs_path, src_uri in paths:
        seed = reader.read_seed(abs_path, src_uri)
        if not hasattr(seed, "text"):
            continue
        cleaned = cleaners.clean(src_uri, seed.text)
        code = guess_language(seed.text)
        if code not in LANGUAGES:
            continue
        for block in cleaned.blocks:
            text = _DATELINE_RE.sub("", block.text)
            if block.kind == "caption":
                captions.setdefault(code, []).append(text)
            else:
                sentences.setdefault(code, []).extend(split_sentences(text))
    pools = {}
    for code in LANGUAGES:
        if sentences.get(code):
            pools[code] = Pool(tuple(dict.fromkeys(sentences[code])), tuple(dict.fromkeys(captions.get(code, []))))
    return pools


def _lead(
    language: str, kind: int, topic: int, place: int, org: int, day: int, month: int, years: tuple[int, int]
) -> tuple[str, str]:
    """The lead sentence and the quoted project name (the report's title)."""
    latin, cyrillic, _ = PLACES[place]
    y1, y2 = years
    m = MONTHS[language][month]
    if language == "fr":
        name = f"{KINDS['fr'][kind]} de {TOPICS[topic][0]} à {latin} pour {y1}-{y2}"
        return (
            f"Le {day} {m}, à {latin}, {ORGS['fr'][org]} a organisé une conférence pour examiner le « {name} ».",
            name,
        )
    if language == "pt":
        name = f"{KINDS['pt'][kind]} de {TOPICS[topic][1]} em {latin} para o período {y1}-{y2}"
        return (
            f'Em {day} de {m}, em {latin}, {ORGS["pt"][org]} realizou uma conferência para analisar o "{name}".',
            name,
        )
    if language == "de":
        name = f"{KINDS['de'][kind]} {TOPICS[topic][2]} in {latin} für den Zeitraum {y1}–{y2}"
        organization = ORGS["de"][org]
        return (
            f"Am {day}. {m} hat {organization} in {latin} eine Konferenz abgehalten, um das „{name}“ zu prüfen.",
            name,
        )
    name = f"{KINDS['uk'][kind]} {TOPICS[topic][3]} у місті {cyrillic} на {y1}–{y2} роки"
    return f"{day} {m} у місті {cyrillic} відбулася конференція {ORGS['uk'][org]}, на якій розглянули «{name}».", name


def _source_url(rng: random.Random, index: int, topic: int, place: int) -> str:
    words = f"hoi-nghi-{TOPICS[topic][4]}-{PLACES[place][2]}"
    if rng.random() < 0.8:
        return f"https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/{words}-{840000 + index}"
    return f"https://mod.gov.vn/home/detail?current=true&urile=wcm:path:/mod/sa-mod-site/sa-ttsk/sa-tt-qpan/{words}-{index}"


def _url_variant(rng: random.Random, url: str) -> str:
    """The same article as scrapers write it: trailing slash, tracking parameter, http, host case."""
    roll = rng.random()
    if "?" in url or roll < 0.85:
        return url
    if roll < 0.90:
        return url + "/"
    if roll < 0.95:
        return url + "?utm_source=facebook&utm_medium=social"
    return url.replace("https://www.", "http://WWW.")


def _caption_row(rng: random.Random, caption: str) -> list[str]:
    roll = rng.random()
    if roll < 0.45:
        return [f"| {caption} |"]
    if roll < 0.75:
        return [f"{caption} |"]
    if roll < 0.85:
        return [f"| {caption}"]
    return ["![]() |", f"{caption} |"]


def report_seeds(
    index: int, languages: tuple[str, ...], pools: dict[str, Pool], seed: int = 0, taken: set[tuple] | None = None
) -> list[tuple[SyntheticSeed, bytes]]:
    """The seeds of report ``index`` in ``languages``: (description, file content)."""
    rng = random.Random(f"{seed}:{index}")
    # Every report's lead (hence its title) differs: 46,080 combinations, so
    # that archives of 10,000 reports and more can be made.
    while True:
        kind, topic, place = rng.randrange(4), rng.randrange(len(TOPICS)), rng.randrange(len(PLACES))
        start = rng.randrange(2024, 2030)
        years = (start, start + rng.choice((4, 5)))
        org = rng.randrange(len(ORGS["fr"]))
        key = (kind, topic, place, years, org)
        if taken is None or key not in taken:
            break
    if taken is not None:
        taken.add(key)
    day, month = rng.randrange(1, 29), rng.randrange(12)
    url = _source_url(rng, index, topic, place)
    byline = rng.choice(BYLINE_NAMES) if rng.random() < 0.85 else None
    seeds = []
    for position, language in enumerate(languages):
        pool = pools[language]
        lrng = random.Random(f"{seed}:{index}:{language}")
        lead, _ = _lead(language, kind, topic, place, org, day, month, years)
        if lrng.random() < 0.15:
            lead = lrng.choice(DATELINES) + lead
        # The real seeds' sentences in a new order, each at most once: about
        # as long as a real seed, and never the same sentence twice.
        sentences = list(pool.sentences)
        lrng.shuffle(sentences)
        sentences = sentences[: lrng.randint(min(12, len(sentences)), min(22, len(sentences)))]
        take = lrng.randint(1, 2)
        lead = " ".join([lead, *sentences[:take]])
        body = []
        while take < len(sentences):
            count = lrng.randint(1, 3)
            body.append(" ".join(sentences[take : take + count]))
            take += count
        captions = [lrng.choice(pool.captions) for _ in range(lrng.randint(1, 5))] if pool.captions else []
        style = lrng.choices(("blank", "lines", "wrapped"), weights=(45, 45, 10))[0]
        lines: list[str] = []
        blocks: list[list[str]] = [[lead]]
        for i, paragraph in enumerate(body):
            blocks.append([paragraph])
            if captions and i % 3 == 1:
                caption = captions.pop()
                blocks.append(_caption_row(lrng, caption) if style == "lines" else [caption])
        if style == "wrapped":
            width = lrng.randint(72, 90)
            blocks = [textwrap.wrap(b[0], width) if len(b) == 1 and len(b[0]) > 140 else b for b in blocks]
        separator = [""] if style != "lines" else []
        for block in blocks:
            lines.extend(block)
            lines.extend(separator)
        name = byline[1] if byline and language == "uk" else byline[0] if byline else None
        if name:
            lines.append(f"{BYLINE_LABELS[language]} {name}")
            lines.extend(separator)
        source = f"{SOURCE_LABELS[language]} {_url_variant(lrng, url)}"
        lines.append("    " + source if style != "lines" and lrng.random() < 0.7 else source)
        if lrng.random() < 0.6:
            lines.extend([""] * lrng.choice((0, 1, 7)))
            lines.append(COMMENT_COUNTERS[language])
        text = "\n".join(lines) + ("\n" if lrng.random() < 0.7 else "")
        encoding_roll = lrng.random()
        crlf, bom = encoding_roll < 0.05, 0.05 <= encoding_roll < 0.10
        data = (text.replace("\n", "\r\n") if crlf else text).encode("utf-8")
        if bom:
            data = b"\xef\xbb\xbf" + data
        digest = hashlib.sha256(data).hexdigest()[:16]
        number = index * len(languages) + position
        description = SyntheticSeed(
            name=f"{number:05d}_{digest}.txt",
            language=language,
            report=index,
            source_url=url,
            paragraphs=[lead, *body],
            editable=not (crlf or bom or style == "wrapped"),
        )
        seeds.append((description, data))
    return seeds


def generate(
    seeds_dir: Path, reports: int, languages: tuple[str, ...] = LANGUAGES, real_seeds: Path | None = None, seed: int = 0
) -> list[SyntheticSeed]:
    """Write ``reports`` × ``languages`` synthetic seeds into ``seeds_dir``."""
    if real_seeds is None:
        real_seeds = PROJECT_DIR / "seeds"
    pools = load_pools(real_seeds.resolve())
    missing = [code for code in languages if code not in pools]
    if missing:
        raise ValueError(f"no real seed in {', '.join(missing)} under {real_seeds} to take sentences from")
    seeds_dir.mkdir(parents=True, exist_ok=True)
    written = []
    taken: set[tuple] = set()
    for index in range(reports):
        for description, data in report_seeds(index, languages, pools, seed, taken):
            (seeds_dir / description.name).write_bytes(data)
            written.append(description)
    return written


def edit_seed(path: Path, description: SyntheticSeed, tag: str) -> str:
    """Change one paragraph (the second) of a seed; returns the sentence added."""
    sentence = EDIT_SENTENCES.get(description.language, EDIT_SENTENCES["fr"]).format(tag=tag)
    text = path.read_text(encoding="utf-8")
    paragraph = description.paragraphs[1]
    if paragraph not in text:
        raise ValueError(f"{path.name}: paragraph to edit not found")
    path.write_text(text.replace(paragraph, f"{paragraph} {sentence}", 1), encoding="utf-8")
    return sentence
