"""Datasets for the reader's pages: a chronology big enough to expose an N+1 query, and a
sample of the bundled interview (its real text, a few of its events and claims) for the
browser tests and for looking at the pages."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from factcheck import services
from factcheck.models import (
    Claim,
    Correction,
    Evidence,
    RatingLevel,
    RatingScale,
    Source,
    Speaker,
    Transcript,
    Verdict,
)
from tests.factories import (
    make_claim,
    make_event,
    make_quote,
    make_scale,
    make_source,
    make_topic,
    make_transcript,
    make_verdict,
)
from timeline.models import Event, Topic


@dataclass
class Chronology:
    transcript: Transcript
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)


def build_chronology(count: int = 60) -> Chronology:
    """`count` events over 35 years in four topics, each mentioned by its own quote holding
    a claim with a published verdict citing two sources; every fifth claim was corrected
    (a superseded verdict and a Correction), every seventh quote holds a second claim."""
    sentences = [f"Event number {n} happened as the record shows." for n in range(count)]
    text = (
        "An introduction to a long interview.\n"
        "Q: What happened, and when?\n"
        f"A: {' '.join(sentences)}\n"
        "That is the whole story."
    )
    transcript = make_transcript(text=text, title="A long interview")
    scale = make_scale()
    levels = list(scale.levels.all())
    topics = [make_topic(name=f"Lane {n}") for n in range(4)]
    shared = make_source(title="A shared archive")
    chronology = Chronology(transcript, topics=topics)
    for n, sentence in enumerate(sentences):
        year = 1990 + n * 35 // count
        event = make_event(
            title=f"Event number {n}",
            edtf=[f"{year}-{n % 12 + 1:02d}-10", f"{year}-{n % 12 + 1:02d}", f"{year}~"][n % 3],
            topics=[topics[n % 4], topics[(n + 1) % 4]],
            summary=f"The {n}th thing that happened.",
        )
        quote = make_quote(transcript, exact=sentence)
        services.mention_add(quote=quote, event=event, phrase="two days ago" if n % 2 else "")
        claim = make_claim(quote, text=f"Event number {n} happened.")
        sources = [make_source(title=f"Record {n}", url=f"https://example.org/{n}"), shared]
        if n % 5 == 0:
            earlier = make_verdict(
                claim, status=Verdict.Status.SUPERSEDED, level=levels[2], sources=sources
            )
            make_verdict(
                claim,
                status=Verdict.Status.PUBLISHED,
                level=levels[n % 3],
                sources=sources,
                revises=earlier,
            )
            Correction.objects.create(
                claim=claim,
                previous=earlier,
                revision=claim.published_verdict,
                kind=Correction.Kind.UPDATE,
                note="New records came to light.",
            )
        else:
            make_verdict(
                claim, status=Verdict.Status.PUBLISHED, level=levels[n % 3], sources=sources
            )
        if n % 7 == 0:
            second = make_claim(quote, text=f"Event number {n} is on the record.")
            make_verdict(second, status=Verdict.Status.PUBLISHED, level=levels[0], sources=[shared])
            chronology.claims.append(second)
        chronology.events.append(event)
        chronology.claims.append(claim)
    return chronology


# --------------------------------------------------------------------------------------------
# A sample of the bundled interview, for the browser tests and for looking at the pages.

INTERVIEW = Path(__file__).resolve().parents[1] / "factcheck" / "seed" / "emanuel_2024.txt"

# The interviewer's paragraphs that carry no "Q:" marker, by their opening words.
QUESTIONS = [
    "Is the reason for the changes",
    "How much of the change is due",
    "Taiwan has been talked about",
    "So, what happens in the Second Thomas Shoal?",
    "In these interviews I get to talk",
    "How much do you think what you’re doing",
    "I’m not blaming you.",
    "I did another interview with Mike Rogers",
    "You have been a very unusual ambassador.",
    "I’m not disagreeing with your analysis.",
    "Do you look at yourself and",
    "You had some great hits there.",
    "There’s definitely something going on there",
    "The Chicago Tribune, which watches you",
    "You’re not a career ambassador",
    "Do you think that China’s economic problems",
    "In May, you were in the westernmost island",
    "Right. But also 60 miles from Taiwan.",
    "How would you describe the way Japan looks at Taiwan now?",
    "Let’s shift to economics and trade.",
    "So even with a difficult politics",
]

LEVELS = [
    ("accurate", "Accurate", 5, "The claim is correct and nothing significant is missing."),
    ("mostly-accurate", "Mostly accurate", 4, "Correct, with a detail wrong or missing."),
    (
        "needs-context",
        "Needs context",
        3,
        "True as far as it goes, but it leaves a wrong impression without what it omits.",
    ),
    ("misleading", "Misleading", 2, "Contains some truth but points to a wrong conclusion."),
    ("inaccurate", "Inaccurate", 1, "The record shows otherwise."),
]

# (slug, title, EDTF, topics, summary)
EVENTS = [
    ("xi-takes-power", "Xi Jinping becomes leader of the Chinese Communist Party",
     "2012-11-15", ["china"], "Xi is named general secretary at the close of the 18th "
     "Party Congress; he becomes president in March 2013."),
    ("rose-garden-cyber-pledge", "Xi and Obama pledge to stop cyber theft of trade secrets",
     "2015-09-25", ["cyber"], "At a joint press conference during Xi’s state visit, both "
     "leaders say neither government will conduct or support cyber-enabled theft of "
     "intellectual property for commercial advantage."),
    ("tpp-concluded", "Trans-Pacific Partnership talks conclude",
     "2015-10-05", ["trade"], "Twelve Pacific countries, the United States among them, "
     "conclude negotiations in Atlanta; the agreement is signed in February 2016."),
    ("south-china-sea-award", "Tribunal rules for the Philippines in the South China Sea case",
     "2016-07-12", ["sea"], "An arbitral tribunal under the Law of the Sea Convention finds "
     "that China’s claims to historic rights within the nine-dash line have no legal basis."),
    ("aukus-and-cptpp", "AUKUS is announced; a day later China applies to join the CPTPP",
     "2021-09-15/2021-09-16", ["trade", "alliances"], "Australia, Britain and the United States "
     "announce their security partnership on 15 September; China applies to join the "
     "Pacific trade pact on the 16th."),
    ("missiles-in-japans-eez", "Chinese missiles land in Japan’s economic zone",
     "2022-08-04", ["taiwan", "alliances"], "During exercises after Speaker Pelosi’s visit to "
     "Taiwan, Japan reports five Chinese ballistic missiles landing in its exclusive "
     "economic zone."),
    ("japan-security-documents", "Japan adopts three national security documents",
     "2022-12-16", ["alliances"], "The cabinet approves a new National Security Strategy, "
     "National Defense Strategy and Defense Buildup Program, with defence spending set to "
     "reach 2 percent of GDP in 2027."),
    ("asml-data-disclosure", "ASML discloses that a former employee in China took its data",
     "2023-02-15", ["cyber"], "The Dutch chipmaking-equipment maker reports that a former "
     "China-based employee misappropriated data about its proprietary technology."),
    ("kishida-addresses-philippine-congress", "Kishida addresses the Philippine Congress",
     "2023-11-04", ["alliances", "sea"], "Fumio Kishida is the first Japanese prime minister "
     "to address a joint session of the Philippine Congress."),
    ("google-ai-trade-secrets-charge", "A former Google engineer is charged with stealing AI "
     "trade secrets", "2024-03-06", ["cyber"], "U.S. prosecutors say he took files on "
     "Google’s AI infrastructure while secretly working for companies in China."),
    ("japan-philippines-us-summit", "First Japan–Philippines–U.S. leaders’ summit",
     "2024-04-11", ["alliances", "sea"], "Kishida, Marcos and Biden meet at the White House "
     "and announce a Luzon economic corridor."),
    ("austin-at-shangri-la", "Austin speaks at the Shangri-La Dialogue",
     "2024-06-01", ["alliances", "sea"], "The U.S. defense secretary addresses the security "
     "conference in Singapore."),
]  # fmt: skip

TOPICS = {
    "alliances": "Alliances",
    "china": "China’s leadership",
    "cyber": "Cyber and intellectual property",
    "sea": "South China Sea",
    "taiwan": "Taiwan",
    "trade": "Trade",
}

# (slug, title, publisher, kind, EDTF, URL)
SOURCES = [
    ("xinhua-xi-general-secretary", "Xi Jinping elected general secretary of the CPC Central "
     "Committee", "Xinhua", "news-article", "2012-11-15", ""),
    ("pca-south-china-sea", "The South China Sea Arbitration (The Republic of the Philippines "
     "v. The People’s Republic of China)", "Permanent Court of Arbitration", "court-ruling",
     "2016-07-12", "https://pca-cpa.org/en/cases/7/"),
    ("white-house-xi-visit-fact-sheet", "Fact sheet: President Xi Jinping’s state visit to "
     "the United States", "The White House", "official-document", "2015-09-25", ""),
    ("japan-mod-missiles", "Launch of ballistic missiles by China", "Japan Ministry of "
     "Defense", "press-release", "2022-08-04", ""),
    ("japan-national-security-strategy", "National Security Strategy of Japan", "Cabinet "
     "of Japan", "official-document", "2022-12-16", ""),
    ("asml-annual-report-2022", "Annual Report 2022", "ASML", "report", "2023-02-15", ""),
    ("doj-google-ai-indictment", "Chinese national charged with theft of AI trade secrets "
     "from Google", "U.S. Department of Justice", "press-release", "2024-03-06", ""),
    ("kishida-philippine-congress-address", "Address by Prime Minister Kishida to the "
     "Congress of the Philippines", "Ministry of Foreign Affairs of Japan", "speech-or-transcript",
     "2023-11-04", ""),
    ("trilateral-joint-vision", "Joint vision statement from the leaders of Japan, the "
     "Philippines and the United States", "The White House", "official-document",
     "2024-04-11", ""),
    ("cptpp-china-application", "China applies to join the CPTPP", "New Zealand Ministry of "
     "Foreign Affairs and Trade", "press-release", "2021-09-16", ""),
    ("ustr-tpp-conclusion", "Trans-Pacific Partnership ministers’ statement", "Office of the "
     "U.S. Trade Representative", "press-release", "2015-10-05", ""),
]  # fmt: skip

# (speaker, exact words, [(event, phrase)], [(claim slug, claim, level, rationale,
#   [(source, stance, note)])])
QUOTES = [
    ("emanuel", "It is pretty clear that around 2012, President Xi had a choice to make "
     "between the Mao Zedong road or continuing on Deng Xiaoping’s road, and he went the Mao "
     "road.", [("xi-takes-power", "around 2012")], [
        ("xi-came-to-power-around-2012", "Xi Jinping came to power around 2012.",
         "accurate", "Xi became general secretary of the Communist Party on 15 November 2012 "
         "and state president in March 2013.",
         [("xinhua-xi-general-secretary", "supports", "")]),
     ]),
    ("davis", "the 2015 deal in the Rose Garden where Xi Jinping said to President Obama that "
     "China wouldn’t use cyber espionage to steal corporate secrets anymore",
     [("rose-garden-cyber-pledge", "2015")], [
        ("xi-pledged-no-cyber-theft-in-2015", "In 2015 Xi Jinping told President Obama that "
         "China would not use cyber espionage to steal corporate secrets.", "accurate",
         "At their joint press conference on 25 September 2015 both leaders said their "
         "governments would not conduct or knowingly support cyber-enabled theft of "
         "intellectual property for commercial advantage.",
         [("white-house-xi-visit-fact-sheet", "supports", "Sets out the commitment.")]),
     ]),
    ("emanuel", "The Philippines in 2016 took China to the international tribunal [over "
     "territorial claims] and they won the case.", [("south-china-sea-award", "in 2016")], [
        ("philippines-won-2016-case", "The Philippines won its case against China at an "
         "international tribunal in 2016.", "mostly-accurate", "The tribunal ruled "
         "largely for the Philippines on 12 July 2016; the case was brought in 2013, not "
         "2016, and China rejected the award.",
         [("pca-south-china-sea", "supports", "The award, and when the case was filed.")]),
     ]),
    ("emanuel", "It was reported here that the very top of the Chinese government made a "
     "decision to fire five missiles in the Japanese EEZ.",
     [("missiles-in-japans-eez", "")], [
        ("five-missiles-in-japans-eez", "China fired five missiles into Japan’s exclusive "
         "economic zone after Speaker Pelosi visited Taiwan.", "accurate", "Japan’s defence "
         "ministry reported five ballistic missiles landing in its exclusive economic zone "
         "on 4 August 2022.", [("japan-mod-missiles", "supports", "")]),
     ]),
    ("emanuel", "The defense budget is going from 1 percent to 2 percent of GDP; they are "
     "acquiring counter-strike capability, taking the cap off defense exports, normalizing "
     "relationships with South Korea to a heightened level of friendship and alliance, and "
     "have issued three national security documents that reorient the approach of Japan in "
     "the region.", [("japan-security-documents", "")], [
        ("japan-defense-budget-to-2-percent", "Japan’s defence budget is going from 1 "
         "percent to 2 percent of GDP.", "accurate", "The December 2022 strategy documents "
         "set defence spending, with related budgets, at 2 percent of GDP in fiscal 2027.",
         [("japan-national-security-strategy", "supports", "")]),
        ("japan-three-security-documents", "Japan has issued three national security "
         "documents that reorient its approach to the region.", "accurate", "The cabinet "
         "adopted the three documents on 16 December 2022.",
         [("japan-national-security-strategy", "supports", "")]),
     ]),
    ("emanuel", "Four or five months ago, it was discovered that China was stealing ASML’s "
     "intellectual property.", [("asml-data-disclosure", "four or five months ago")], [
        ("asml-theft-discovered-months-ago", "Four or five months before the interview, it "
         "was discovered that China was stealing ASML’s intellectual property.",
         "needs-context", "ASML disclosed a former China-based employee’s misappropriation "
         "of data in February 2023, some sixteen months before the interview, and did not "
         "attribute it to the Chinese state.",
         [("asml-annual-report-2022", "context", "The disclosure and its wording.")]),
     ]),
    ("emanuel", "Google, two months ago, discovered China was stealing their AI intellectual "
     "property.", [("google-ai-trade-secrets-charge", "two months ago")], [
        ("google-ai-theft-two-months-ago", "Two months before the interview, Google "
         "discovered that China was stealing its AI intellectual property.", "misleading",
         "Prosecutors charged a former Google engineer in March 2024 with taking AI trade "
         "secrets while working for companies in China; the case does not show theft by "
         "the Chinese state.", [("doj-google-ai-indictment", "contradicts", "")]),
     ]),
    ("emanuel", "Prime Minister Kishida four months ago was the first Japanese prime minister "
     "to do a joint session speech to the Philippine Congress.",
     [("kishida-addresses-philippine-congress", "four months ago")], [
        ("kishida-first-to-address-philippine-congress", "Fumio Kishida was the first "
         "Japanese prime minister to address a joint session of the Philippine Congress.",
         "accurate", "He addressed a joint session on 4 November 2023, the first Japanese "
         "prime minister to do so; that was seven months before the interview, not four.",
         [("kishida-philippine-congress-address", "supports", "")]),
     ]),
    ("emanuel", "One of the big pieces we announced at the trilateral [meeting of the leaders "
     "of Japan, the U.S. and the Philippines in April 2024] was about the Luzon corridor and "
     "economic development, investing in the port, the roads, and the airport.",
     [("japan-philippines-us-summit", "April 2024")], [
        ("trilateral-announced-luzon-corridor", "The April 2024 trilateral summit announced "
         "a Luzon economic corridor.", "accurate", "The leaders’ joint vision statement of "
         "11 April 2024 launched the Luzon Economic Corridor.",
         [("trilateral-joint-vision", "supports", "")]),
     ]),
    ("emanuel", "The United States has been unambiguous as recently as just two days ago [at "
     "the Shangri-La security conference in Singapore] by Secretary of Defense Austin, that "
     "the Philippines is a treaty ally, and we will defend a treaty ally if a line gets "
     "crossed.", [("austin-at-shangri-la", "just two days ago")], []),
    ("emanuel", "Another telling sign was a day after the United States, the U.K. and "
     "Australia announced AUKUS, do you remember what China did? They announced that they "
     "wanted to join TPP.", [("aukus-and-cptpp", "")], [
        ("china-applied-to-tpp-after-aukus", "A day after AUKUS was announced, China "
         "applied to join the Trans-Pacific trade pact.", "accurate", "AUKUS was announced "
         "on 15 September 2021 and China applied to join the CPTPP, the pact’s successor, "
         "on 16 September.", [("cptpp-china-application", "supports", "")]),
     ]),
    ("emanuel", "I don’t think the TPP negotiated back in 2014 says anything about China’s "
     "coercion.", [("tpp-concluded", "back in 2014")], [
        ("tpp-negotiated-in-2014", "The Trans-Pacific Partnership was negotiated in 2014.",
         "needs-context", "Talks ran for years and concluded on 5 October 2015; the "
         "agreement was signed in February 2016.",
         [("ustr-tpp-conclusion", "contradicts", "")]),
     ]),
]  # fmt: skip


def load_sample_interview() -> Transcript:
    """The bundled interview's text with a sample of its events, quotes and claims, all
    with published verdicts (one later corrected). Builds everything from scratch."""
    davis = Speaker.objects.create(
        name="Bob Davis", slug="davis", job_title="Author of Rules of Engagement"
    )
    emanuel = Speaker.objects.create(
        name="Rahm Emanuel", slug="emanuel", job_title="U.S. Ambassador to Japan"
    )
    speakers = {"davis": davis, "emanuel": emanuel}
    transcript = services.transcript_create(
        slug="emanuel-2024",
        title="Rahm Emanuel on the U.S., Japan and China",
        text=INTERVIEW.read_text(encoding="utf-8"),
        interviewer=davis,
        interviewee=emanuel,
        interview_date="2024-06",
        publisher="Rules of Engagement",
        published="2024-06",
        interviewer_paragraphs=QUESTIONS,
        closing_paragraphs=["Bob Davis, a former correspondent"],
    )
    scale = RatingScale.objects.create(name="Accuracy", slug="accuracy", version=1, is_current=True)
    levels = {
        slug: RatingLevel.objects.create(
            scale=scale, slug=slug, label=label, value=value, definition=definition
        )
        for slug, label, value, definition in LEVELS
    }
    topics = {slug: Topic.objects.create(slug=slug, name=name) for slug, name in TOPICS.items()}
    events = {}
    for slug, title, edtf, topic_slugs, summary in EVENTS:
        events[slug] = Event.objects.create(slug=slug, title=title, edtf=edtf, summary=summary)
        events[slug].topics.set([topics[t] for t in topic_slugs])
    sources = {
        slug: Source.objects.create(
            slug=slug, title=title, publisher=publisher, kind=kind, date=date, url=url
        )
        for slug, title, publisher, kind, date, url in SOURCES
    }
    published_at = timezone.make_aware(datetime.datetime(2024, 6, 20, 9, 0))
    for speaker, exact, mentions, claims in QUOTES:
        quote = services.quote_create(transcript=transcript, exact=exact, speaker=speakers[speaker])
        for event, phrase in mentions:
            services.mention_add(quote=quote, event=events[event], phrase=phrase)
        for slug, text, level, rationale, evidence in claims:
            claim = Claim.objects.create(quote=quote, slug=slug, text=text)
            services.verdict_import(
                claim=claim,
                level=levels[level],
                rationale=rationale,
                analysis="",
                as_of=datetime.date(2024, 6, 20),
                evidence=[
                    services.EvidenceItem(source=sources[s], stance=stance, note=note)
                    for s, stance, note in evidence
                ],
                published_at=published_at,
            )
    _correct(Claim.objects.get(slug="kishida-first-to-address-philippine-congress"), levels)
    return transcript


def _correct(claim: Claim, levels: dict[str, RatingLevel]) -> None:
    """Replace a claim's published verdict with a revision, as a correction does."""
    previous = claim.published_verdict
    previous.status = Verdict.Status.SUPERSEDED
    previous.save(update_fields=["status"])
    revision = Verdict.objects.create(
        claim=claim,
        level=levels["mostly-accurate"],
        rationale=previous.rationale,
        as_of=datetime.date(2024, 7, 1),
        status=Verdict.Status.PUBLISHED,
        revises=previous,
        published_at=timezone.make_aware(datetime.datetime(2024, 7, 1, 9, 0)),
    )
    for item in previous.evidence.all():
        Evidence.objects.create(verdict=revision, source=item.source, stance=item.stance)
    claim.published_verdict = revision
    claim.save(update_fields=["published_verdict"])
    Correction.objects.create(
        claim=claim,
        previous=previous,
        revision=revision,
        kind=Correction.Kind.UPDATE,
        note="The first verdict rated the claim accurate without weighing “four months ago”: "
        "the address was seven months before the interview.",
        published_at=revision.published_at,
    )
