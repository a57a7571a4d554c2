"""Gold files of the corpus: format v2 (mention level), checks, and span resolution.

Usage::

    python corpus/tools/gold.py assemble FOLDER                  # FOLDER/gold/*.json -> FOLDER/gold.json
    python corpus/tools/gold.py check GOLD.json ARTICLES_DIR     # every rule below; exit 1 on errors
    python corpus/tools/gold.py resolve GOLD.json ARTICLES_DIR   # check, then write evidence and spans
    python corpus/tools/gold.py stats GOLD.json ARTICLES_DIR     # counts per type, status, length band
    python corpus/tools/gold.py negatives STREAM.jsonl           # checks a negative stream file

Format ``negotiation-events-gold/2`` is ``/1`` (what ``shared/tools/score.py`` and
``negotiation-events evaluate`` read: ``type``, ``status``, ``evidence`` quotes, ``roles``,
facts, ``optional``) plus, on every event, its ``mentions``::

    {"type": "talks", "status": "occurred", "roles": {"parties": ["UKR", "RUS"]},
     "mentions": [{"quote": "the two delegations met in Istanbul on Friday",
                   "trigger": "met", "status": "occurred",
                   "actors": [{"role": "parties", "code": "UKR", "text": "Ukrainian"}]}]}

- ``quote``: verbatim evidence of one mention; ``occurrence`` (1, 2, ...) picks one when the
  quote occurs more than once in the article (default: the first).
- ``trigger``: the word or words inside the quote that signal the event.
- ``status``: the stage this mention expresses, or null when it expresses none ("the swap").
- ``actors``: the actor mentions that fill a role for this mention, each with its ``role``
  (a gold role name), ``code`` and ``text`` as written (the occurrence nearest the quote is
  taken: inside it, else in its sentence, else before it in its paragraph, else the nearest).

``resolve`` writes ``evidence`` (the quotes, in order) and the character offsets ``span``,
``trigger_span`` and actor ``span`` so that training code never searches strings again; the
checks verify them. Nothing here imports the library: writers of new data run it too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

TYPES = ("talks", "prisoner_exchange", "ceasefire_proposal", "sanction", "arms_deal")
STATUSES = ("proposed", "planned", "agreed", "occurred", "rejected", "failed", "threatened")
ROLES = {
    "talks": ("parties", "mediators"),
    "prisoner_exchange": ("sides",),
    "ceasefire_proposal": ("proposer", "parties", "mediators"),
    "sanction": ("imposer", "target"),
    "arms_deal": ("supplier", "recipient"),
}
FACTS = ("location", "date", "count", "duration", "unconditional", "weapons")
ORGANISATIONS = (
    "EU",
    "NATO",
    "UN",
    "AU",
    "ECOWAS",
    "SADC",
    "IGAD",
    "EAC",
    "ASEAN",
    "GCC",
    "LAS",
    "OIC",
    "OSCE",
    "CSTO",
    "SCO",
    "OAS",
    "CIS",
    "G7",
    "G20",
    "ICRC",
    "IAEA",
)
"""Organisation codes of the guidelines (section 4)."""
EXTRA_STATES = ("XKX",)  # Kosovo: user-assigned, not in ISO 3166-1
ARTICLE_KEYS = {"file", "published", "events", "origin", "style", "region", "conflict", "kind", "notes"}
EVENT_KEYS = {"type", "status", "evidence", "roles", "optional", "mentions", "spans", "action", *FACTS}
ACTIONS = ("impose", "extend", "lift")
MENTION_KEYS = {"quote", "occurrence", "trigger", "status", "actors", "span", "trigger_span"}
ACTOR_KEYS = {"role", "code", "text", "span"}
DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$")
LENGTH_BANDS = ((0, 250, "under 250 words"), (250, 600, "250-600 words"), (600, 10**9, "over 600 words"))
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")


def state_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes (from pycountry) and Kosovo's XKX."""
    try:
        import pycountry
    except ImportError:  # pragma: no cover - the dev environment has it
        sys.exit("corpus/tools/gold.py needs pycountry: pip install pycountry")
    return frozenset([c.alpha_3 for c in pycountry.countries] + list(EXTRA_STATES))


def valid_codes() -> frozenset[str]:
    """Every code a gold role may hold."""
    return state_codes() | frozenset(ORGANISATIONS)


class GoldError(Exception):
    """A malformed gold entry; the message names the file, the line and the entry."""


def words(text: str) -> int:
    """Words of an article (whitespace-separated tokens with a letter or digit)."""
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def length_band(text: str) -> str:
    """The length band of an article."""
    count = words(text)
    return next(name for low, high, name in LENGTH_BANDS if low <= count < high)


def occurrences(text: str, part: str) -> list[int]:
    """Start offsets of every occurrence of ``part`` in ``text``."""
    found, index = [], text.find(part)
    while part and index >= 0:
        found.append(index)
        index = text.find(part, index + 1)
    return found


def sentence_bounds(text: str, position: int) -> tuple[int, int]:
    """The sentence (or line) around ``position``, by a plain splitter."""
    start = 0
    for match in SENTENCE_END.finditer(text):
        if match.end() <= position:
            start = match.end()
        elif match.start() >= position:
            return start, match.start()
    return start, len(text)


def paragraph_bounds(text: str, position: int) -> tuple[int, int]:
    """The line the position is on (paragraphs are lines)."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end < 0 else end


def place_actor(text: str, actor_text: str, quote_span: tuple[int, int]) -> tuple[int, int] | None:
    """The occurrence of an actor mention that goes with a quote, or None when it does not occur."""
    starts = occurrences(text, actor_text)
    if not starts:
        return None
    q0, q1 = quote_span
    s0, s1 = sentence_bounds(text, q0)
    p0, _ = paragraph_bounds(text, q0)

    def rank(start: int) -> tuple[int, int]:
        end = start + len(actor_text)
        if q0 <= start and end <= q1:
            return (0, 0)
        if s0 <= start and end <= max(s1, q1):
            return (1, abs(start - q0))
        if p0 <= start < q0:
            return (2, q0 - start)
        return (3, abs(start - q0))

    best = min(starts, key=rank)
    return best, best + len(actor_text)


def load(path: Path) -> tuple[dict[str, Any], str]:
    """The parsed gold file and its raw text (for line numbers)."""
    raw = path.read_text(encoding="utf-8")
    try:
        return json.loads(raw), raw
    except json.JSONDecodeError as error:
        raise GoldError(f"{path}, line {error.lineno}: not JSON: {error.msg}") from None


def line_of(raw: str, name: str) -> int:
    """The line of the gold file where the article ``name`` is listed (1 when not found)."""
    match = re.search(r'"file"\s*:\s*"' + re.escape(name) + '"', raw)
    return raw.count("\n", 0, match.start()) + 1 if match else 1


def check(path: Path, articles: Path, *, strict_v2: bool = True, spans: bool = True) -> list[str]:
    """Every problem of a gold file, as ``file, line N: article: event[i]: problem`` lines.

    ``spans=False`` skips the offsets and evidence lists that ``resolve`` writes (they are
    rewritten anyway).
    """
    try:
        gold, raw = load(path)
    except GoldError as error:
        return [str(error)]
    problems: list[str] = []
    if not isinstance(gold, dict) or not isinstance(gold.get("articles"), list):
        return [f"{path}, line 1: expected an object with an 'articles' list"]
    v2 = gold.get("schema") == "negotiation-events-gold/2"
    if strict_v2 and not v2:
        problems.append(f"{path}, line 1: schema must be 'negotiation-events-gold/2'")
    codes = valid_codes()
    seen: set[str] = set()
    for index, article in enumerate(gold["articles"]):
        name = article.get("file") if isinstance(article, dict) else None
        where = f"{path}, line {line_of(raw, name) if isinstance(name, str) else 1}: articles[{index}]"
        if not isinstance(name, str):
            problems.append(f"{where}: no 'file'")
            continue
        where += f" ({name})"
        if name in seen:
            problems.append(f"{where}: listed twice")
        seen.add(name)
        found = _article_problems(article, articles / name, codes, v2)
        problems.extend(f"{where}: {p}" for p in found if spans or not _about_spans(p))
    return problems


def _about_spans(problem: str) -> bool:
    return "run 'resolve'" in problem


def _article_problems(article: dict[str, Any], file: Path, codes: frozenset[str], v2: bool) -> Iterator[str]:
    unknown = set(article) - ARTICLE_KEYS
    if unknown:
        yield f"unknown keys {sorted(unknown)}"
    if not file.is_file():
        yield f"no article file {file}"
        return
    text = file.read_text(encoding="utf-8")
    if not text.strip():
        yield "the article is empty"
    try:
        published = dt.date.fromisoformat(str(article.get("published")))
        if not dt.date(2015, 1, 1) <= published <= dt.date(2026, 12, 31):
            yield f"published {published} is outside 2015-2026"
    except ValueError:
        yield f"published {article.get('published')!r} is not an ISO date"
    events = article.get("events")
    if not isinstance(events, list):
        yield "'events' must be a list"
        return
    for e, event in enumerate(events):
        for problem in _event_problems(event, text, codes, v2):
            yield f"events[{e}]: {problem}"


def _event_problems(event: Any, text: str, codes: frozenset[str], v2: bool) -> Iterator[str]:
    if not isinstance(event, dict):
        yield "expected an object"
        return
    unknown = set(event) - EVENT_KEYS
    if unknown:
        yield f"unknown keys {sorted(unknown)}"
    kind = event.get("type")
    if kind not in TYPES:
        yield f"type {kind!r} is not one of {', '.join(TYPES)}"
        return
    statuses = event.get("status") if isinstance(event.get("status"), list) else [event.get("status")]
    if not statuses or any(s not in STATUSES for s in statuses):
        yield f"status {event.get('status')!r}: use one of {', '.join(STATUSES)} (or a list of them)"
    roles = event.get("roles", {})
    if not isinstance(roles, dict):
        yield "roles must be an object {role: [codes]}"
        roles = {}
    for role, value in roles.items():
        if role not in ROLES[kind]:
            yield f"role {role!r} is not a role of {kind} ({', '.join(ROLES[kind])})"
        if v2 and not isinstance(value, list):
            yield f"roles.{role} must be a list of codes"
        for code in value if isinstance(value, list) else [value]:
            if code not in codes:
                yield f"roles.{role}: {code!r} is not an ISO 3166-1 alpha-3 code, XKX or an organisation code"
    yield from _fact_problems(event)
    if event.get("optional") not in (None, True, False):
        yield "optional must be true or false"
    mentions = event.get("mentions")
    if mentions is None:
        if v2:
            yield "no 'mentions'"
        for quote in event.get("evidence", []):
            if quote not in text:
                yield f"evidence {quote!r} does not occur in the article"
        if not event.get("evidence") and not event.get("spans"):
            yield "no evidence"
        return
    if not isinstance(mentions, list) or not mentions:
        yield "'mentions' must be a non-empty list"
        return
    filled: set[tuple[str, str]] = set()
    for m, mention in enumerate(mentions):
        for problem in _mention_problems(mention, kind, roles, text, filled):
            yield f"mentions[{m}]: {problem}"
    for role, value in roles.items():
        for code in value if isinstance(value, list) else [value]:
            if (role, code) not in filled:
                yield f"roles.{role}: {code} is not the code of any actor mention of this event (add it to 'actors')"
    evidence = event.get("evidence")
    if evidence is not None and evidence != [m.get("quote") for m in mentions if isinstance(m, dict)]:
        yield "evidence must list the mentions' quotes in order (run 'resolve')"


def _fact_problems(event: dict[str, Any]) -> Iterator[str]:
    if "date" in event:
        date = event["date"]
        try:
            start, end = dt.date.fromisoformat(date["start"]), dt.date.fromisoformat(date["end"])
            if end < start:
                yield "date: end before start"
        except (TypeError, KeyError, ValueError):
            yield 'date must be {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}'
    if "count" in event and not (isinstance(event["count"], int) and not isinstance(event["count"], bool)):
        yield "count must be an integer"
    elif "count" in event and event["count"] <= 0:
        yield "count must be positive"
    if "duration" in event and not (isinstance(event["duration"], str) and DURATION.match(event["duration"])):
        yield f"duration {event['duration']!r} is not an ISO 8601 duration (P30D, PT72H, P1M)"
    if "unconditional" in event and not isinstance(event["unconditional"], bool):
        yield "unconditional must be true or false"
    if "weapons" in event and not (
        isinstance(event["weapons"], list) and all(isinstance(w, str) and w for w in event["weapons"])
    ):
        yield "weapons must be a list of names"
    if "location" in event and not (isinstance(event["location"], str) and event["location"].strip()):
        yield "location must be a place name"
    if "action" in event and (event.get("type") != "sanction" or event["action"] not in ACTIONS):
        yield f"action {event['action']!r}: a sanction's impose, extend or lift"
    if event.get("type") != "prisoner_exchange" and "count" in event:
        yield "count is a fact of prisoner exchanges only"
    if event.get("type") != "ceasefire_proposal" and ("duration" in event or "unconditional" in event):
        yield "duration and unconditional are facts of ceasefires only"
    if event.get("type") != "arms_deal" and "weapons" in event:
        yield "weapons is a fact of arms deals only"


def _mention_problems(
    mention: Any, kind: str, roles: dict[str, Any], text: str, filled: set[tuple[str, str]]
) -> Iterator[str]:
    if not isinstance(mention, dict):
        yield "expected an object"
        return
    unknown = set(mention) - MENTION_KEYS
    if unknown:
        yield f"unknown keys {sorted(unknown)}"
    quote = mention.get("quote")
    if not isinstance(quote, str) or not quote.strip():
        yield "no quote"
        return
    if not 1 <= len(quote.split()) <= 25:
        yield f"quote {quote!r} has {len(quote.split())} words (1 to 25)"
    starts = occurrences(text, quote)
    occurrence = mention.get("occurrence", 1)
    if not starts:
        yield f"quote {quote!r} does not occur in the article"
        return
    if not isinstance(occurrence, int) or not 1 <= occurrence <= len(starts):
        yield f"occurrence {occurrence!r}: the quote occurs {len(starts)} time(s)"
        return
    span = (starts[occurrence - 1], starts[occurrence - 1] + len(quote))
    if "span" in mention and list(mention["span"]) != list(span):
        yield f"span {mention['span']} does not point at the quote (it is at {list(span)}; run 'resolve')"
    trigger = mention.get("trigger")
    if not isinstance(trigger, str) or not trigger.strip() or trigger not in quote:
        yield f"trigger {trigger!r} must be a word or words of the quote {quote!r}"
    elif "trigger_span" in mention:
        t0, t1 = mention["trigger_span"]
        if text[t0:t1] != trigger or not span[0] <= t0 < t1 <= span[1]:
            yield f"trigger_span {mention['trigger_span']} does not point at {trigger!r} in the quote (run 'resolve')"
    if mention.get("status") is not None and mention["status"] not in STATUSES:
        yield f"status {mention['status']!r}: one of {', '.join(STATUSES)} or null"
    actors = mention.get("actors", [])
    if not isinstance(actors, list):
        yield "actors must be a list"
        return
    for a, actor in enumerate(actors):
        if not isinstance(actor, dict):
            yield f"actors[{a}]: expected an object"
            continue
        if set(actor) - ACTOR_KEYS:
            yield f"actors[{a}]: unknown keys {sorted(set(actor) - ACTOR_KEYS)}"
        role, code, written = actor.get("role"), actor.get("code"), actor.get("text")
        if role not in ROLES[kind]:
            yield f"actors[{a}]: role {role!r} is not a role of {kind} ({', '.join(ROLES[kind])})"
            continue
        listed = roles.get(role, [])
        if code not in (listed if isinstance(listed, list) else [listed]):
            yield f"actors[{a}]: {code!r} is not in the event's roles.{role}"
        if not isinstance(written, str) or not written.strip():
            yield f"actors[{a}]: no text"
            continue
        place = place_actor(text, written, span)
        if place is None:
            yield f"actors[{a}]: {written!r} does not occur in the article"
            continue
        if "span" in actor and list(actor["span"]) != list(place):
            yield f"actors[{a}]: span {actor['span']} does not point at {written!r} (run 'resolve')"
        filled.add((role, code))


def resolve(path: Path, articles: Path) -> int:
    """Check, then write evidence lists and spans into the gold file; returns the number of mentions."""
    problems = check(path, articles, strict_v2=True, spans=False)
    if problems:
        raise GoldError("\n".join(problems))
    gold, _ = load(path)
    total = 0
    for article in gold["articles"]:
        text = (articles / article["file"]).read_text(encoding="utf-8")
        for event in article["events"]:
            for mention in event["mentions"]:
                quote = mention["quote"]
                start = occurrences(text, quote)[mention.get("occurrence", 1) - 1]
                mention["span"] = [start, start + len(quote)]
                t0 = start + quote.index(mention["trigger"])
                mention["trigger_span"] = [t0, t0 + len(mention["trigger"])]
                for actor in mention.get("actors", []):
                    actor["span"] = list(place_actor(text, actor["text"], (start, start + len(quote))) or [])
                total += 1
            event["evidence"] = [m["quote"] for m in event["mentions"]]
    path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return total


def stats(gold: dict[str, Any], articles: Path) -> dict[str, Counter[str]]:
    """Counts: articles by length band and style, required events by type and status, mentions."""
    out: dict[str, Counter[str]] = {k: Counter() for k in ("articles", "band", "style", "type", "status", "cell")}
    for article in gold["articles"]:
        text = (articles / article["file"]).read_text(encoding="utf-8")
        out["articles"]["negative" if not article["events"] else "with events"] += 1
        out["band"][length_band(text)] += 1
        out["style"][str(article.get("style", "?"))] += 1
        for event in article["events"]:
            if event.get("optional"):
                out["articles"]["optional events"] += 1
                continue
            status = event["status"][0] if isinstance(event["status"], list) else event["status"]
            out["type"][event["type"]] += 1
            out["status"][status] += 1
            out["cell"][f"{event['type']}/{status}"] += 1
            out["articles"]["required events"] += 1
            out["articles"]["mentions"] += len(event.get("mentions") or event.get("evidence", []))
    return out


def shingles(text: str, size: int = 8) -> set[int]:
    """Hashes of the article's word 8-grams (lower case), for near-duplicate checks."""
    tokens = re.findall(r"\w+", text.lower())
    return {hash(tuple(tokens[i : i + size])) for i in range(max(len(tokens) - size + 1, 1))}


def near_duplicates(texts: dict[str, str], threshold: float = 0.2) -> list[tuple[str, str, float]]:
    """Pairs of texts sharing more than ``threshold`` of their 8-gram shingles (Jaccard).

    Different articles on one event share well under 0.15 in this corpus; a copy with a
    few edits shares far more.
    """
    signatures = {name: shingles(text) for name, text in texts.items()}
    index: dict[int, list[str]] = {}
    for name, signature in signatures.items():
        for value in signature:
            index.setdefault(value, []).append(name)
    shared: Counter[tuple[str, str]] = Counter()
    for names in index.values():
        if len(names) > 50:
            continue  # boilerplate shared by many ("Read more:" lines)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                shared[(a, b) if a < b else (b, a)] += 1
    pairs = []
    for (a, b), common in shared.items():
        jaccard = common / len(signatures[a] | signatures[b])
        if jaccard > threshold:
            pairs.append((a, b, round(jaccard, 3)))
    return sorted(pairs)


def assemble(folder: Path) -> int:
    """Join ``folder/gold/*.json`` (one article entry each, in file order) into ``folder/gold.json``."""
    entries = []
    for part in sorted((folder / "gold").glob("*.json")):
        try:
            entries.append(json.loads(part.read_text(encoding="utf-8")))
        except json.JSONDecodeError as error:
            raise GoldError(f"{part}, line {error.lineno}: not JSON: {error.msg}") from None
    gold = {"schema": "negotiation-events-gold/2", "articles": entries}
    (folder / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(entries)


NEGATIVE_KINDS = (
    "battle",
    "protest",
    "arrest",
    "kidnapping",
    "court",
    "election",
    "disaster",
    "domestic-talks",
    "business",
    "sport",
    "seizure",
    "procurement",
    "crime",
    "other",
)
NEGATIVE_KEYS = {"id", "published", "kind", "region", "text"}


def check_negatives(path: Path) -> list[str]:
    """Problems of a negative stream file: JSON Lines of short event-free paragraphs."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    texts: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"{path}, line {number}"
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{where}: not JSON: {error.msg}")
            continue
        if not isinstance(item, dict) or set(item) - NEGATIVE_KEYS or not {"id", "kind", "text"} <= set(item):
            problems.append(f"{where}: expected an object with id, kind, text (and published, region)")
            continue
        if item["id"] in seen:
            problems.append(f"{where}: id {item['id']!r} is already on line {seen[item['id']]}")
        seen[item["id"]] = number
        if item["kind"] not in NEGATIVE_KINDS:
            problems.append(f"{where}: kind {item['kind']!r} is not one of {', '.join(NEGATIVE_KINDS)}")
        text = item["text"]
        if not isinstance(text, str) or not 5 <= words(text) <= 90 or "\n" in text:
            problems.append(f"{where}: text must be one paragraph of 5 to 90 words")
        elif text.strip().lower() in texts:
            problems.append(f"{where}: the same text as line {texts[text.strip().lower()]}")
        else:
            texts[text.strip().lower()] = number
        if "published" in item:
            try:
                dt.date.fromisoformat(item["published"])
            except (TypeError, ValueError):
                problems.append(f"{where}: published {item['published']!r} is not an ISO date")
    return problems


def main(argv: list[str] | None = None) -> int:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("assemble", "check", "resolve", "stats", "negatives"))
    parser.add_argument("gold", type=Path, help="the gold file (assemble: the batch folder)")
    parser.add_argument("articles", type=Path, nargs="?", help="the folder of the articles")
    args = parser.parse_args(argv)
    if args.command == "assemble":
        try:
            print(f"{args.gold / 'gold.json'}: {assemble(args.gold)} articles")
        except GoldError as error:
            print(error)
            return 1
        return 0
    if args.command == "negatives":
        problems = check_negatives(args.gold)
        print("\n".join(problems) if problems else f"{args.gold}: OK")
        return 1 if problems else 0
    if args.articles is None:
        parser.error("ARTICLES_DIR is needed")
    if args.command == "check":
        problems = check(args.gold, args.articles)
        print("\n".join(problems) if problems else f"{args.gold}: OK")
        return 1 if problems else 0
    if args.command == "resolve":
        try:
            print(f"{args.gold}: {resolve(args.gold, args.articles)} mentions resolved")
        except GoldError as error:
            print(error)
            return 1
        return 0
    gold, _ = load(args.gold)
    for name, counts in stats(gold, args.articles).items():
        print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
