"""Full-text search on an index, on both databases, behind one call: `matching(queryset,
fields, text)` keeps the rows whose fields hold every word of `text` (a word may be the start
of a longer one, so "chin" finds "China" as a reader types).

- PostgreSQL: its text search, through django.contrib.postgres (a `SearchVector` of the
  fields against a prefix `to_tsquery`), answered from a GIN index over the very same
  expression, with the English configuration (stemming: "claims" finds "claim"; stop words
  left out). PostgreSQL docs, "Text Search", 12.2.2 "Creating Indexes".
- SQLite: an FTS5 table for each searched model, with the Porter stemmer too, holding no
  copy of the text (`content=` the model's table) and kept up to date by triggers. SQLite
  docs, "FTS5 Extension", 4.4.3 "External Content Tables".

`FullTextIndex` is the migration operation that makes either, for the database it runs on.
"""

import re
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections
from django.db.migrations.operations.base import Operation
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

CONFIG = "english"  # PostgreSQL's text search configuration: English stemming and stop words
TOKENIZER = "porter unicode61 remove_diacritics 2"  # FTS5's nearest equivalent
MOST_WORDS = 12  # a search is a few words; a pasted essay would only cost time


# The words PostgreSQL's English configuration leaves out of a search, as too common to find
# anything by (its tsearch_data/english.stop, the Snowball stop list): left out on SQLite
# too, so that a search finds the same on either ("the summit" is "summit", and "the"
# alone is no search at all, where FTS5 would have found nearly everything).
_STOP_LIST = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against
    between into through during before after above below to from up down in out on off over
    under again further then once here there when where why how all any both each few more
    most other some such no nor not only own same so than too very s t can will just don
    should now
"""
STOP_WORDS = frozenset(_STOP_LIST.split())


# Letters with points between them, "U.S.", "U.S.A.", "E.U.": one word to PostgreSQL's
# parser ('u.s'), a letter a word to FTS5's ("u", "s"), and never the letters alone to a
# reader. Tried before a plain word at each place.
_ABBREVIATION = r"(?:[a-z]\.)+[a-z](?![^\W_])"  # of the lowered text; as PostgreSQL's, ASCII
_TERM = re.compile(rf"{_ABBREVIATION}|\w+")
# The abbreviations a newsroom writes most, by what they stand for. Typed without points,
# each is a word of its own, never the start of a longer one ("UK" is not "Ukraine", "UN"
# not "under"); typed with them ('u.s', one word to PostgreSQL's parser), or the name
# written out, each finds the others of its family, as either database's stemming finds
# "claims" by "claim". Not the plain word for the others: "us" is also the pronoun, and to
# SQLite's Porter stemmer "use" and "using" too.
ABBREVIATIONS = {
    "united states": ("us", "usa"),
    "united kingdom": ("uk",),
    "united nations": ("un",),
    "european union": ("eu",),
}
_NAME_OF = {short: name for name, shorts in ABBREVIATIONS.items() for short in shorts}


def _points(short: str) -> str:
    return ".".join(short)  # "usa": "u.s.a"


def words(text: str) -> list[str]:
    """The words of a search, as both databases split text into words, the stop words left
    out, each once, at most MOST_WORDS (SearchField refuses more); an abbreviation with
    points is one word ("U.S." is "u.s", not "u" and "s"), and so is the name of a known
    one, written out ("united states")."""
    return _terms(text)[:MOST_WORDS]


def too_many_words(text: str) -> bool:
    """Whether `text` holds more words to search for than a search reads (MOST_WORDS)."""
    return len(_terms(text)) > MOST_WORDS


def _terms(text: str) -> list[str]:
    found = _TERM.findall(text.lower())
    terms: list[str] = []
    while found:
        # A name is its words one after the other, as typed: "united for the states" is
        # two words of a search, not the name.
        pair = " ".join(found[:2])
        term = pair if pair in ABBREVIATIONS else found[0]
        found = found[len(term.split()) :]
        if term not in terms and term not in STOP_WORDS:
            terms.append(term)
    return terms


@dataclass(frozen=True)
class Spelling:
    """One way a search's word may be written in the text: `text` as typed, found as the
    start of a longer word when `prefix`; with points ("u.s"), or a phrase ("united
    states"), as its parts."""

    text: str
    prefix: bool = False


# A known short form that is also a word of its own ("us", the pronoun): found as itself
# only when typed so, not by the others of its family ("U.S." does not find "tell us").
_ALSO_A_WORD = frozenset({"us"})


def _spellings(term: str) -> list[Spelling]:
    """The ways a search's word is written: as typed (the start of a longer word, as a
    reader types it, unless a number, a known abbreviation or a name written out), and,
    for one of a known family, its members with their points and without, and its name
    ("u.n": "u.n", "un", "united nations"). So "UN", "U.N." and "United Nations" find each
    other's events, on either database. Not other short words with points: SQLite would
    read "id" as "I'd". A number is whole, or its plural: "2" (of "2%") is not the start
    of "2012", but "1990" finds "1990s"."""
    name = term if term in ABBREVIATIONS else _NAME_OF.get(term.replace(".", ""))
    if name is None:  # a word, or letters with points no name is known by ("j.f")
        number = term.removesuffix("s")
        if number.isdigit():  # and its plural, which SQLite's stemmer reads as it: "1990s"
            return [Spelling(number), Spelling(f"{number}s")]
        return [Spelling(term, prefix="." not in term)]
    shorts = ABBREVIATIONS[name]
    family = [
        *(Spelling(_points(short)) for short in shorts),
        *(Spelling(short) for short in shorts if short not in _ALSO_A_WORD),
        Spelling(name),
    ]
    if Spelling(term) in family or "." in term:  # "u.s", "un", "united states": the family
        return family
    return [Spelling(term), *family]  # "us": the word typed, whole, and the family


def too_common(text: str) -> bool:
    """Whether `text` has words, all of them stop words: a search for nothing in particular."""
    return bool(re.search(r"\w", text)) and not words(text)


def address_words(url: str, *texts: str) -> str:
    """The words of a web address, to search it by as text: its site as one word, then the
    site's words, without "www", and its path's and query's ("https://www.pca-cpa.org/en/
    cases/7/" is "pcacpaorg pca cpa org en cases 7"); then each site named in `texts` (a
    title's "Booking.com") as one word too. Stored beside the address when it is saved, and
    indexed: searched as a whole, an address is one token to PostgreSQL's parser and many
    words to SQLite's, so neither could find it by a word alike; and a site as one word is
    what `address_search` looks for when a search names a site ("state.gov"), which its
    words alone ("state", "gov") would find in many titles too."""
    site, rest = _site_and_rest(url)
    named = [word for text in texts for word in text.split() if _is_site(word)]
    return " ".join(
        filter(
            None,
            [
                *_sites(site),
                *_words_of(site),
                *_words_of(rest),
                *(joined for word in named for joined in _sites(_site_and_rest(word)[0])),
            ],
        )
    )


def address_search(text: str) -> str:
    """`text` to search addresses with: each web address or site named in it (a word with
    a scheme, "www." or a dotted name ending in letters: "https://www.state.gov/x",
    "state.gov") as `address_words` stores it, its site as one word, then its path's
    words; other words as they are."""
    searched = []
    for word in text.split():
        if _is_site(word):
            site, rest = _site_and_rest(word)
            searched += [_joined(site), *_words_of(rest)]
        else:
            searched.append(word)
    return " ".join(filter(None, searched))


_SITE = re.compile(r"(?:[^\W_]+(?:-[^\W_]+)*\.)+[^\W\d_]{2,}")  # "pca-cpa.org", not "U.S."


def _is_site(word: str) -> bool:
    """Whether `word` is a web address or names a site: a scheme, "www.", or a dotted name
    ending in letters ("state.gov", "Booking.com,"), with a path or not."""
    if word.lower().startswith(("http://", "https://", "www.")):
        return True
    return bool(_SITE.fullmatch(word.split("/", 1)[0].rstrip(".,;:!?)\"'’”")))


def _site_and_rest(url: str) -> tuple[str, str]:
    """The site an address names, without "www.", and the rest of it: path and query."""
    url = url.rstrip(".,;:!?)\"'’”") if "/" not in url else url
    try:
        parts = urlsplit(url if "://" in url else f"//{url}")  # "www.state.gov/..." typed
        host = parts.hostname or ""
    except ValueError:  # no address: its words as they are
        return "", url
    return host.removeprefix("www."), f"{parts.path} {parts.query}"


def _sites(site: str) -> list[str]:
    """The site as one word, and each site it is part of: "english.kyodonews.net" is found
    by "kyodonews.net" too."""
    labels = site.split(".")
    return [_joined(".".join(labels[start:])) for start in range(max(len(labels) - 1, 1))]


def _words_of(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text)


def _joined(site: str) -> str:
    return "".join(_words_of(site)).lower()


def fts_table(db_table: str) -> str:
    return f"{db_table}_fts"


def index_name(db_table: str) -> str:
    return f"{db_table}_fulltext"[-63:]  # PostgreSQL's limit on a name


AnyQuerySet = TypeVar("AnyQuerySet", bound=QuerySet)


def matching(queryset: AnyQuerySet, fields: tuple[str, ...], text: str) -> AnyQuerySet:
    """Rows of `queryset` whose `fields` hold every word of `text`, each word possibly the
    start of a longer one; all rows when `text` has no words, none when its words are all
    too common to search by ("the": too_common)."""
    if too_common(text):
        return queryset.none()
    if not words(text):
        return queryset
    queryset, condition = matching_condition(queryset, fields, text)
    return queryset.filter(condition)


def matching_condition(
    queryset: AnyQuerySet, fields: tuple[str, ...], text: str
) -> tuple[AnyQuerySet, Q]:
    """What `matching` filters on, as a condition to combine with others (`queryset` with
    what the condition refers to). `text` must have words. On PostgreSQL the condition is
    the row's own vector against the query: the GIN index answers it alone, and a planner
    reading rows in another index's order can test it on each row it reads."""
    terms = words(text)
    if connections[queryset.db].vendor == "postgresql":
        # Raw to_tsquery syntax, for the prefix ":*"; the terms are \w+ or letters with
        # points only, so nothing in them can be read as an operator.
        prefixes = " & ".join(_tsquery_term(term) for term in terms)
        query = SearchQuery(prefixes, config=CONFIG, search_type="raw")
        vector = SearchVector(*fields, config=CONFIG)
        return queryset.alias(_fulltext=vector), Q(_fulltext=query)
    return queryset, Q(pk__in=_fts_rowids(queryset.model, terms, fields))


def matching_ids(queryset: QuerySet, fields: tuple[str, ...], text: str) -> QuerySet | RawSQL:
    """The primary keys of the rows `matching` keeps, as a subquery for a `pk__in` filter on
    another query (which applies the rest of `queryset`'s conditions itself, if any). On
    SQLite, the full-text index's own rowids: not one lookup of each match in the table."""
    terms = words(text)
    if terms and connections[queryset.db].vendor == "sqlite" and not queryset.query.where:
        return _fts_rowids(queryset.model, terms, fields)
    return matching(queryset, fields, text).order_by().values("pk")


def _tsquery_term(term: str) -> str:
    """A word of a search in PostgreSQL's to_tsquery syntax: its spellings, any of them."""

    def spelling(each: Spelling) -> str:
        if " " in each.text:  # a phrase: its words one after the other
            return " <-> ".join(each.text.split())
        # A word with points is one word to PostgreSQL's parser: 'u.s', not 'u.s.s.r'.
        return f"{each.text}:*" if each.prefix else each.text

    spellings = [spelling(each) for each in _spellings(term)]
    return spellings[0] if len(spellings) == 1 else f"({' | '.join(spellings)})"


def _fts_term(term: str) -> str:
    """A word of a search in FTS5's syntax: each spelling an FTS5 string (so no word is read
    as an operator), "*" after one that may start a longer word; a word with points, or a
    phrase, the string of its parts, as FTS5 reads "U.S." ("u s", which FTS5 finds in
    "U.S.S.R." too, where PostgreSQL's one word 'u.s.s.r' is not 'u.s')."""

    def spelling(each: Spelling) -> str:
        parts = each.text.replace(".", " ").split()
        star = "*" if each.prefix and len(parts) == 1 else ""
        return f'"{" ".join(parts)}"{star}'

    spellings = [spelling(each) for each in _spellings(term)]
    return spellings[0] if len(spellings) == 1 else f"({' OR '.join(spellings)})"


# A known short form that SQLite's Porter stemmer reads as other words ("us" is "use" and
# "using" to FTS5), and what a row it finds by that form must hold in so many words: the
# family, whole words, in any case. (PostgreSQL's English stemmer keeps "us" apart.)
_STEMMED_WITH_OTHERS = {
    # Whole words as FTS5 splits them (on anything but letters and digits): "U.S.", "U. S."
    # and "United-States" are its "u s" and "united states" too.
    "us": r"(?i)(?<![^\W_])(?:usa?|u[\W_]+s(?:[\W_]+a)?|united[\W_]+states)(?![^\W_])",
}


def _fts_rowids(model, terms: list[str], fields: tuple[str, ...]) -> RawSQL:
    """The rowids of the rows of `model`'s index holding every term. A term FTS5 would also
    find as other words (_STEMMED_WITH_OTHERS) is checked on each row it found, in its
    `fields` (a regular expression, Django's REGEXP): only the rows the index found are
    read, each by its key."""
    db_table = model._meta.db_table
    table = fts_table(db_table)
    sql = f'SELECT rowid FROM "{table}" WHERE "{table}" MATCH %s'
    params: list[str] = [" AND ".join(_fts_term(term) for term in terms)]
    columns = [model._meta.get_field(name).column for name in fields]
    for term in terms:
        if (pattern := _STEMMED_WITH_OTHERS.get(term)) is not None:
            held = " OR ".join(f'row."{column}" REGEXP %s' for column in columns)
            sql += (
                f' AND EXISTS (SELECT 1 FROM "{db_table}" AS row WHERE '
                f'row."{model._meta.pk.column}" = "{table}".rowid AND ({held}))'
            )
            params += [pattern] * len(columns)
    return RawSQL(sql, params)


class FullTextIndex(Operation):
    """Index `fields` of `model_name` for `matching`, on whichever database migrates."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str, fields: list[str]) -> None:
        self.model_name = model_name
        self.fields = fields

    def deconstruct(self):
        return (
            self.__class__.__qualname__,
            [],
            {"model_name": self.model_name, "fields": self.fields},
        )

    def state_forwards(self, app_label, state) -> None:
        pass  # no model changes: the index lives beside the table

    def describe(self) -> str:
        return f"Full-text index on {self.model_name} ({', '.join(self.fields)})"

    def _model(self, app_label, state):
        return state.apps.get_model(app_label, self.model_name)

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        model = self._model(app_label, to_state)
        table = model._meta.db_table
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(model, self._gin(table))
        elif schema_editor.connection.vendor == "sqlite":
            for statement in self._sqlite(model):
                schema_editor.execute(statement)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        model = self._model(app_label, from_state)
        table = model._meta.db_table
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(model, self._gin(table))
        elif schema_editor.connection.vendor == "sqlite":
            for suffix in ("ai", "ad", "au"):
                schema_editor.execute(f'DROP TRIGGER IF EXISTS "{fts_table(table)}_{suffix}"')
            schema_editor.execute(f'DROP TABLE IF EXISTS "{fts_table(table)}"')

    def _gin(self, table: str) -> GinIndex:
        # The same SearchVector that `matching` filters on, so PostgreSQL uses the index.
        return GinIndex(SearchVector(*self.fields, config=CONFIG), name=index_name(table))

    def _sqlite(self, model) -> list[str]:
        table = model._meta.db_table
        fts = fts_table(table)
        columns = ", ".join(f'"{column}"' for column in self._columns(model))
        return [
            f'CREATE VIRTUAL TABLE "{fts}" USING fts5({columns}, content="{table}", '
            f"content_rowid=\"{model._meta.pk.column}\", tokenize='{TOKENIZER}')",
            *self._triggers(model).values(),
            f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')',
        ]

    def _columns(self, model) -> list[str]:
        return [model._meta.get_field(name).column for name in self.fields]

    def _triggers(self, model) -> dict[str, str]:
        """The statements making the triggers that keep the index in step, by their names'
        suffixes. The update's fires on an update of the indexed columns only: one of others
        (a publication's dates, a link's last check) leaves the row's index entry alone."""
        table = model._meta.db_table
        fts = fts_table(table)
        pk = model._meta.pk.column
        columns = self._columns(model)
        names = ", ".join(f'"{column}"' for column in columns)
        new = ", ".join(f'new."{column}"' for column in columns)
        old = ", ".join(f'old."{column}"' for column in columns)
        remove = (
            f'INSERT INTO "{fts}"("{fts}", rowid, {names}) VALUES (\'delete\', old."{pk}", {old});'
        )
        add = f'INSERT INTO "{fts}"(rowid, {names}) VALUES (new."{pk}", {new});'
        return {
            "ai": f'CREATE TRIGGER "{fts}_ai" AFTER INSERT ON "{table}" BEGIN {add} END',
            "ad": f'CREATE TRIGGER "{fts}_ad" AFTER DELETE ON "{table}" BEGIN {remove} END',
            "au": f'CREATE TRIGGER "{fts}_au" AFTER UPDATE OF {names} ON "{table}" '
            f"BEGIN {remove} {add} END",
        }


class RestoreFullTextTriggers(FullTextIndex):
    """Put back the SQLite triggers that keep a model's full-text index up to date, after
    an operation that remade its table (SQLite adds a NOT NULL column by copying the table
    into a new one, and the triggers go with the old table), and rebuild the index. Nothing
    to do on PostgreSQL, whose index lives on the table itself."""

    def describe(self) -> str:
        return f"Restore the full-text index triggers on {self.model_name}"

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "sqlite":
            for statement in self._sqlite(self._model(app_label, to_state))[1:]:
                schema_editor.execute(
                    statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS")
                )

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        self.database_forwards(app_label, schema_editor, to_state, from_state)


class NarrowFullTextUpdateTrigger(FullTextIndex):
    """Make a model's SQLite update trigger again, to fire on an update of the indexed
    columns only, where the one made before fired on any update of the row and wrote its
    index entry again for nothing. Either keeps the index right, so going back keeps the
    narrow one. Nothing to do on PostgreSQL, whose index lives on the table itself."""

    def describe(self) -> str:
        return f"Index {self.model_name} again only when its indexed words change"

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "sqlite":
            model = self._model(app_label, to_state)
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{fts_table(model._meta.db_table)}_au"')
            schema_editor.execute(self._triggers(model)["au"])

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        self.database_forwards(app_label, schema_editor, to_state, from_state)
