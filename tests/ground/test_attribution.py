"""Who a sentence says reported or claimed what it states: ``attribution`` (summarizer/attribution.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.ground.attribution import attribution, is_listener, reporting_speaker, speaker

# --- sentences from the sample articles ----------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        (
            "In a dramatic escalation of the Syrian conflict, jihadist rebels have seized control of a "
            "majority of Aleppo city, according to the Syrian Observatory for Human Rights (SOHR), a "
            "UK-based war monitor.",
            "Syrian Observatory for Human Rights (SOHR)",
        ),
        (
            "The SOHR has reported a rising death toll, with at least 311 casualties in the recent "
            "fighting—183 rebels, 100 pro-government forces, and 28 civilians.",
            "SOHR",
        ),
        (
            "The dramatic offensive by Hay'at Tahrir al-Sham has resulted in over 327 deaths, including "
            "44 civilians, according to the latest figures.",
            None,
        ),
        (
            "As airstrikes intensified, the Syrian Civil Defense, operating in opposition-held Idlib, "
            "reported that four civilians were killed and six injured in residential areas.",
            "Syrian Civil Defense",
        ),
        (
            "According to Mail Online, the strike took place following an assertive offensive by Hay'at "
            "Tahrir al-Sham, which recently overtook Aleppo and made advances toward the Syrian capital, "
            "Damascus.",
            "Mail Online",
        ),
        (
            "The offensive has reportedly resulted in over 350 fatalities, including both rebel fighters "
            "and Syrian soldiers, as the regime's defenses crumbled under the pressure of coordinated "
            "attacks.",
            None,
        ),
        (
            "The rebel campaign, they claimed, was a response to intensified airstrikes by Russian and "
            "Syrian forces on civilian areas in Idlib in recent weeks.",
            None,
        ),
        (
            "HTS engaged directly with Iranian forces supporting the Assad regime, claiming "
            "responsibility for the death of an officer in the Iranian Islamic Revolutionary Guard "
            "Corps (IRGC).",
            "HTS",
        ),
        (
            "Local residents reported the sound of missiles hitting the outskirts, and civilian "
            "casualties were soon confirmed.",
            "Local residents",
        ),
        (
            "The U.N. Office for the Coordination of Humanitarian Affairs (OCHA) reported that the "
            "Syrian government’s warplanes had conducted over 125 airstrikes.",
            "U.N. Office for the Coordination of Humanitarian Affairs (OCHA)",
        ),
        (
            "“Missile and bomb strikes were directed at militant concentrations, command posts, depots, "
            "and artillery positions,” stated the Russian Centre for the Reconciliation of Opposing "
            "Parties.",
            "Russian Centre for the Reconciliation of Opposing Parties",
        ),
        (
            "“Thank God we just returned. It is an indescribable feeling,” said Ali Jumaa, a resident.",
            "Ali Jumaa",
        ),
        ("State media reported additional civilian casualties.", "State media"),
        (
            "The Syrian government has acknowledged the rebel assault, but reports indicate that "
            "government reinforcements have been deployed to Aleppo.",
            "Syrian government",
        ),
        (
            "Turkey has called for a halt to the bombardment of Idlib, while Russia has stated its air "
            "strikes are targeting “extremist” forces.",
            "Russia",
        ),
        (
            "The offensive escalated quickly, leading to conflicting claims from both sides about the "
            "scale of the fighting.",
            None,
        ),
    ],
)
def test_sample_article_sentences(sentence: str, name: str | None) -> None:
    assert attribution(sentence) == name


# --- each pattern --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Four civilians were killed, according to the health ministry.", "health ministry"),
        ("Four civilians were killed, according to Reuters.", "Reuters"),
        ("Four civilians were killed, according to a UN official.", "UN official"),
        ("Four civilians were killed, according to local residents.", "local residents"),
        ("Four civilians were killed, according to activists in the city.", "activists"),
        # Who made known what the source shows, not the source.
        ("Biden called the family, according to video posted by family attorney Ben Crump.", "Ben Crump"),
        (
            "The toll is 12, according to data compiled by Johns Hopkins University.",
            "Johns Hopkins University",
        ),
        ("The breach was completed, according to a news release from Norfolk Southern.", "Norfolk Southern"),
        # A body named by its people's adjective and its kind, whole.
        (
            "There are 239 hostages held in Gaza, according to figures from the Israeli military.",
            "Israeli military",
        ),
        # The person whose title a name of where they work opens.
        ("It was a bellwether, according to Cornell University economist Eswar Prasad.", "Eswar Prasad"),
        # A title's abbreviation is part of the name.
        (
            "The sub imploded, according to US Coast Guard Rear Adm. John Mauger.",
            "US Coast Guard Rear Adm. John Mauger",
        ),
    ],
)
def test_according_to(sentence: str, name: str) -> None:
    assert attribution(sentence) == name


@pytest.mark.parametrize(
    "sentence",
    [
        "Over 300 died, according to the latest figures.",
        "Over 300 died, according to reports.",
        "Over 300 died, according to unconfirmed sources.",
        "Over 300 died, according to official data.",
        "Projections say Labour will have about 410 seats once all results are counted.",
        # What is written down, not who says it.
        "The air force flew him out according to the constitution and power vested upon the President.",
        "The vote will take place on July 20, according to the plan.",
    ],
)
def test_according_to_a_generic_noun_names_nobody(sentence: str) -> None:
    assert attribution(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("…four civilians were killed, the health ministry said.", "health ministry"),
        ("Rebel leaders claimed victory in Aleppo.", "Rebel leaders"),
        ("Activists said the city had fallen.", "Activists"),
        ("But rebels said the city had fallen.", "rebels"),
        (
            "The Russian Defense Ministry confirmed its air force had carried out strikes.",
            "Russian Defense Ministry",
        ),
        ("The White House has stated it is closely monitoring the developments.", "White House"),
        ("Turkey's foreign minister said the talks had failed.", "Turkey's foreign minister"),
        ("The UN estimated that 48,500 people had fled.", "UN"),
        ("Bashar al-Assad told state television that the army would return.", "Bashar al-Assad"),
        ("On Thursday the SOHR said 20 people died.", "SOHR"),
        ("CBS has now confirmed that at least 19 children and two adults are dead.", "CBS"),
        ("The service's director, Ken Graham, said the storm will take 24 hours to cross.", "Ken Graham"),
        ("Bret Taylor, Twitter's Independent Board Chair, noted that the deal is good.", "Bret Taylor"),
        ("Leader of the Labour party, Keir Starmer, said the party has no mandate.", "Keir Starmer"),
        # A title of an organisation set off before the name: the person, not the organisation.
        (
            '"The gas has come out," head of the Danish Energy Agency, Kristoffer Bottzauw, told reporters.',
            "Kristoffer Bottzauw",
        ),
        # A person set off before the title that names where they work, then another aside.
        (
            "Geoff Blaber, the chief executive of CCS Insight, a tech consultancy, said demand had spiked.",
            "Geoff Blaber",
        ),
        # "…and said" goes on the clause whose subject a conjunction names, else the sentence's.
        (
            "Stocks related to AI surged after chipmaker Nvidia forecast strong growth and said it was boosting production.",
            "Nvidia",
        ),
        ("Biden spoke after meeting Zelensky and said the aid would continue.", "Biden"),
        # A body named by its kind, from whom information came.
        (
            "According to preliminary information from the regional authorities, no one was hurt.",
            "regional authorities",
        ),
        # A dateline names where, not who.
        ("OAKLAND, California – Stocks surged after the report, Reuters said.", "Reuters"),
        # A name in a phrase of time between the subject and its verb is no subject.
        ("Pat Cummins after winning the World Cup said the team saved its best for last.", "Pat Cummins"),
        ("Officials in Kyiv after talks with Russia said the meeting had failed.", "Officials"),
        # Must not trigger: the phrase of time opens the sentence.
        ("After the meeting with Biden, Zelensky said the aid would continue.", "Zelensky"),
        ("Truss further confirmed that a leadership election will be concluded next week.", "Truss"),
        ("Police still said 12 people were missing.", "Police"),
        ("The minister herself said the plan had failed.", "minister"),
        # The plural present: who says the first clause, not who reports the second.
        (
            "Officials say as many as 1,500 buildings were destroyed, and many people reported relatives trapped.",
            "Officials",
        ),
        ("Over 300 died, an estimated 40 of them civilians, the SOHR said.", "SOHR"),
        ("The group, which is based in London, said on Monday that 20 people died.", "group"),
        # A longer clause set off after the name, where a participle opens it.
        (
            "Biden, speaking after former police officer Derek Chauvin was found guilty Tuesday of murder in Floyd's death, says the verdict is a step forward.",
            "Biden",
        ),
        # …and a title of a person set off after their two-word name.
        (
            "Ed Miliband, shadow secretary of state of climate change and net zero, said reports of fires were distressing.",
            "Ed Miliband",
        ),
        # Must not trigger: a long description set off, which is no clause.
        (
            "The storm, one of the strongest ever to hit the region in more than a century of records, said nothing.",
            None,
        ),
        # A subject of two, where the first opens the clause.
        (
            "The Suez Canal Authority and operator Evergreen have confirmed that the ship moved.",
            "Suez Canal Authority and operator Evergreen",
        ),
        ("Police and fire officials said 12 people died.", "Police and fire officials"),
        # Must not trigger: a first clause's end before "and".
        ("The toll rose, and officials said 12 people died.", "officials"),
        # Lower-case words of a name may end on an abbreviation.
        (
            "Nearly 113 vessels had transited the canal, in line with the canal’s plans, Egyptian state TV reported.",
            "Egyptian state TV",
        ),
        # Two capitals are an abbreviation, not the pronoun "us".
        ("The US Geological Survey said the magnitude was 6.8.", "US Geological Survey"),
    ],
)
def test_name_before_a_reporting_verb(sentence: str, name: str) -> None:
    assert attribution(sentence) == name


def test_who_warns_or_urges_someone_to_act_is_the_speaker() -> None:
    assert attribution("Police warned residents to leave.") == "Police"
    assert attribution("The mayor urged people to stay home.") == "mayor"


def test_a_modal_before_a_reporting_verb_names_nobody() -> None:
    sentence = (
        "Colonial has made substantial progress and can report that delivery has begun in most markets."
    )
    assert speaker(sentence) != "can"


def test_an_adverb_before_a_reporting_verb_names_nobody() -> None:
    sentence = (
        "Sources told the paper that 2.5 megajoules were produced, but these numbers are not yet confirmed."
    )
    assert attribution(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ('"We will take Hama," said Abu Mohammed al-Jolani.', "Abu Mohammed al-Jolani"),
        ('"We will take Hama," al-Jolani said.', "al-Jolani"),
        ("“We will take Hama,” the commander said.", "commander"),
        ("Four civilians were killed, said the SOHR.", "SOHR"),
    ],
)
def test_quote_attributions(sentence: str, name: str) -> None:
    assert attribution(sentence) == name


def test_subject_of_a_participle_clause() -> None:
    sentence = "Colonel Philip Ingram commented on the situation, stating that both leaders were weakened."
    assert attribution(sentence) == "Colonel Philip Ingram"


@pytest.mark.parametrize(
    "sentence",
    [
        "Reports suggest the city has fallen.",
        "The commander is believed to have fled to Damascus.",
        "Dozens were reported killed in the shelling.",
        "It was reported that the airport had closed.",
        "He said the army had withdrawn.",
        "They claimed the city had fallen.",
        "It reported heavy losses.",
        '"We will take Hama," he said.',
        "The offensive, she said, began at dawn.",
        "Rebels entered the city at dawn.",
        # Who was warned or urged to do something, as a headline says it, said nothing.
        '"This is not a tourist attraction": Natives and tourists warned to stay away from the eruptions',
        "Residents urged to leave as the fire nears.",
        "",
    ],
)
def test_no_named_source_is_none(sentence: str) -> None:
    assert attribution(sentence) is None


def test_according_to_comes_first() -> None:
    sentence = "Officials said 20 people died, according to the Syrian Observatory for Human Rights."
    assert attribution(sentence) == "Syrian Observatory for Human Rights"


def test_a_name_longer_than_eight_words_is_not_taken() -> None:
    sentence = "The Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa said nothing."
    assert attribution(sentence) is None


# --- any text ------------------------------------------------------------------------------------

ATTRIBUTION_ALPHABET = st.sampled_from(
    [*"aZ ,.()\"“”'-\n", "The ", "the ", "SOHR", "U.N.", "al-Sham", " of ", " said", " has reported",
     "according to ", "they", "figures", "Local", "residents", ", stating"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=200), st.lists(ATTRIBUTION_ALPHABET, max_size=40).map("".join)))
def test_any_text_gives_none_or_a_name_written_in_it(text: str) -> None:
    name = attribution(text)
    assert name is None or (name and name in text)


def test_the_name_right_after_a_quote_and_set_off_before_its_titles_says_it() -> None:
    sentence = (
        "“He was in cardiac arrest when brought to the hospital,” Hidetada Fukushima, professor of emergency"
        " medicine, Nara Medical University hospital, said at a press briefing."
    )
    assert speaker(sentence) == attribution(sentence) == "Hidetada Fukushima"
    # Must not trigger: a description set off, with no name after the quotation.
    sentence = '"We will rebuild," the mayor, who was re-elected in May, said.'
    assert speaker(sentence) == "mayor"


def test_the_name_right_after_a_quote_and_its_verb_says_it() -> None:
    sentence = (
        '"It was a game where we suffered," said Argentina goalkeeper Emiliano Martinez and some of '
        "his teammates, prior to Messi kissing the trophy."
    )
    assert attribution(sentence) == "Argentina goalkeeper Emiliano Martinez"


def test_noted_is_a_verb_of_saying() -> None:
    sentence = "Bret Taylor, Twitter's board chair, noted that the deal was the best path forward."
    assert attribution(sentence) == "Bret Taylor"


def test_a_noun_after_a_number_is_counted_not_a_speaker() -> None:
    assert (
        attribution("Neighboring Collier County had more than 99,000 outages reported at the same time.")
        is None
    )


def test_the_speaker_is_who_said_it_not_who_reports_it() -> None:
    sentence = (
        "Commissioner Chris Constance said on Thursday that six deaths had occurred there, according to CNN."
    )
    assert (speaker(sentence), attribution(sentence)) == ("Commissioner Chris Constance", "CNN")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Among the three claims she raised against him, Heard lost her first claim.", None),
        ("His claims were rejected by the jury.", None),
        # …and so does a verb of saying before it: "said reports of fires".
        ("Ed Miliband said reports of fires were distressing.", "Ed Miliband"),
        # …and so does a possessive: an adjective.
        ("Traffic rose in line with the canal’s previously announced plans.", None),
        # …and so do a possessive and an adjective before a word that is a noun too.
        ("Shares rallied on the back of Nvidia’s strong report, adding $100 billion.", None),
        ("The agency’s latest report said 12 people died.", None),
        # Must not trigger: a name before the verb.
        ("The company claims it owns the patent.", "company"),
        ("Although Depp said he was pleased, he stayed away from the court.", "Depp"),
    ],
)
def test_a_saying_word_after_a_determiner_or_a_count_is_a_noun(sentence: str, expected: str | None) -> None:
    assert speaker(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "On the Russian-controlled bank, the Moscow-installed mayor of Nova Kakhovka said water levels had risen.",
            "Moscow-installed mayor of Nova Kakhovka",
        ),
        (
            "The head of Ukraine's Kherson region military administration said residents should leave.",
            "head of Ukraine's Kherson region military administration",
        ),
        # Must not trigger: "of" inside a name, a name with no title before it.
        (
            "The Syrian Observatory for Human Rights said 300 people had died.",
            "Syrian Observatory for Human Rights",
        ),
        ("Residents of Kherson said the water came at night.", "Residents of Kherson"),
    ],
)
def test_a_title_of_a_place_is_the_speaker_not_the_place(sentence: str, expected: str) -> None:
    assert speaker(sentence) == expected


def test_an_unnamed_source_is_named_by_what_it_knows() -> None:
    sentence = "According to persons with knowledge of the situation, businesses were told to withdraw funds."
    assert attribution(sentence) == "persons with knowledge of the situation"
    # …or by whom they are close to, named or described, never as that one.
    sentence = "Sources close to Bazoum said relations between the two men had deteriorated."
    assert speaker(sentence) == "Sources close to Bazoum"
    sentence = "Another source close to the deposed leader said a cabinet meeting would decide."
    assert speaker(sentence) == "Another source close to the deposed leader"


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        (
            "At least 45 people were treated after the standoff, hospital sources told Reuters.",
            "hospital sources",
        ),
        ("Rajapaksa has resigned, two government sources said on Friday.", "two government sources"),
        # Must not trigger: a source named as such; unnamed sources of no kind.
        ("Sources close to Bazoum said relations had deteriorated.", "Sources close to Bazoum"),
        ("Over 300 died, according to unconfirmed sources.", None),
    ],
)
def test_an_unnamed_source_is_named_by_where_it_works(sentence: str, name: str | None) -> None:
    assert attribution(sentence) == name


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        (
            "Officials who spoke to Reuters on condition of anonymity said the office would accept it soon.",
            "Officials",
        ),
        (
            "The envoy, speaking on condition of anonymity, said the talks with the rebels had failed.",
            "envoy",
        ),
        ("A diplomat who asked not to be named said the talks with the rebels had failed.", "diplomat"),
        # Must not trigger: a clause set off that names no anonymity; a name that holds the word.
        ("The envoy, speaking in Geneva, said the talks with the rebels had failed.", "envoy"),
        ("Anonymity campaigner John Smith said the talks with the rebels had failed.", "John Smith"),
    ],
)
def test_why_a_source_goes_unnamed_is_not_the_source(sentence: str, name: str) -> None:
    assert speaker(sentence) == name


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("The parents of the shooter, Audrey Hale, spoke to police and said they knew of one weapon.", "The parents of the shooter"),
        ("The lawyers of the former president, Donald Trump, said they would appeal.", "The lawyers of the former president"),
        # Must not trigger: one person described, then named.
        ("The service's director, Ken Graham, said the storm was strong.", "Ken Graham"),
        ("The mother of the victim, Jane Doe, said she was heartbroken.", "Jane Doe"),
    ],
)  # fmt: skip
def test_many_of_one_named_person_are_the_speakers(sentence: str, name: str) -> None:
    assert speaker(sentence) == name


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        # An outlet reporting words after them is not who says them where the sentence names who calls something so.
        ("Locals are calling the fatal congestion a “manmade disaster” in which “no one was looking after pedestrian safety,” reported the AP.", "Locals"),
        # …nor a source reporting what a pronoun said: the pronoun's name is in the sentence before.
        ('"The decision is a political action," he said, according to the Foreign Ministry’s Telegram channel.', None),
        # Must not trigger: an outlet that reports words nobody else is said to say, a named speaker before "according to".
        ("“We will rebuild,” reported the AP, citing the mayor.", "AP"),
        ('"It is over," said the coach, according to Reuters.', "coach"),
        ("The toll rose to 40, according to the health ministry.", "health ministry"),
    ],
)  # fmt: skip
def test_who_reports_the_words_is_not_who_says_them(sentence: str, name: str | None) -> None:
    assert speaker(sentence) == name


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        # A list that opens the clause speaks as a whole.
        ("Kuwait, Saudi Arabia and the UAE said they would cut output.", "Kuwait, Saudi Arabia and the UAE"),
        ("The United States, Britain and France said they would send aid.", "The United States, Britain and France"),
        # Must not trigger: two names alone, or a list that the clause does not open.
        ("Iraq and Kuwait said they would cut output.", "Iraq and Kuwait"),
        ("After the talks, Biden, Xi and their aides said the meeting was productive.", "Xi and their aides"),
        # Names set off by commas after the subject speak for it; what follows the verb does not.
        ("The two leaders, Biden and Xi, said the talks went well.", "Biden and Xi"),
    ],
)  # fmt: skip
def test_a_list_that_opens_a_clause_is_its_speaker(sentence: str, name: str) -> None:
    assert speaker(sentence) == name


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        # The last items of a list set off by commas are no appositive of the one before them.
        ("This comes after nine members of the coalition, Saudi Arabia, Russia, the UAE, Gabon, Kazakhstan and Algeria, announced voluntary cuts in their oil production.", None),
        # Must not trigger: a title set off before a name, or a name before its title.
        ("Leader of the Labour party, Keir Starmer, said the vote was lost.", "Keir Starmer"),
        ("Bret Taylor, Twitter's Board Chair, noted the offer was fair.", "Bret Taylor"),
    ],
)  # fmt: skip
def test_a_list_of_names_names_no_one_speaker(sentence: str, name: str | None) -> None:
    assert speaker(sentence) == name


def test_a_person_named_before_where_they_work_is_the_speaker() -> None:
    sentence = "Abigail Werner of the Alabama chapter of the Alzheimer’s Association says, “This drug really does slow the disease.”"
    assert speaker(sentence) == "Abigail Werner"
    # Must not trigger: a title of a place with no person before it.
    assert (
        speaker("The Moscow-installed mayor of Nova Kakhovka said the dam was hit.")
        == "Moscow-installed mayor of Nova Kakhovka"
    )


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        # Where a speaker is is not who speaks.
        ("Children are among the 40 people injured, a Palestinian journalist inside Jenin hospital told ITV News.", "Palestinian journalist"),
        ("A doctor at Al-Shifa Hospital said the wards were full of injured children.", "doctor"),
        # Must not trigger: an institution that speaks.
        ("Jenin hospital said 40 people had been admitted overnight.", "Jenin hospital"),
    ],
)  # fmt: skip
def test_where_a_speaker_is_is_not_the_speaker(sentence: str, name: str) -> None:
    assert speaker(sentence) == name


def test_a_capitalised_adverb_opens_a_name() -> None:
    assert speaker("First Republic Bank said its deposits were stable.") == "First Republic Bank"
    # Must not trigger: the adverb in lower case between a name and its verb.
    assert speaker("Truss first confirmed that an election would be held.") == "Truss"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Bloomberg also reported an outflow of about $662 million, which Ryne Miller, legal adviser "
            'to the company, described as "abnormalities with wallet movements."',
            "Ryne Miller",
        ),
        ("Biden called it “a dark day for America” on Friday.", "Biden"),
        # …or denounced something as them, named before a relative pronoun.
        (
            "Biden said he still regards Xi as a “dictator,” prompting a response from the Chinese Foreign "
            "Ministry, which denounced Biden’s remarks as an “irresponsible political maneuver”.",
            "Chinese Foreign Ministry",
        ),
        # A verb that says how the words quoted before it were said.
        (
            "“This statement is extremely wrong,” fumed Foreign Ministry spokeswoman Mao Ning on Thursday.",
            "Foreign Ministry spokeswoman Mao Ning",
        ),
        # Must not trigger: a description with nobody named before it, nor a quotation said after it.
        ('Police said the man, described as "armed and dangerous", fled on foot.', "Police"),
        ("The storm was described as “catastrophic,” said Governor Ron DeSantis.", "Governor Ron DeSantis"),
    ],
)
def test_who_described_something_in_the_words_quoted_said_them(sentence: str, expected: str) -> None:
    assert speaker(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Authorities in the Voronezh and Lipetsk regions northwards to Moscow said more units had turned back.",
        "Officials close to Putin said the deal was done.",
        "The envoy to the UN said the vote had failed.",
    ],
)
def test_a_destination_is_not_the_speaker(sentence: str) -> None:
    assert speaker(sentence) not in ("Moscow", "Putin", "UN")


def test_who_briefed_the_speaker_is_not_the_speaker() -> None:
    sentence = (
        "Ramos bought two rifles days before the attack, state senators briefed by law enforcement said."
    )
    assert speaker(sentence) == "state senators"


def test_who_cites_a_source_is_not_part_of_its_name() -> None:
    sentence = "According to local officials cited by the TASS news agency, the water began to recede."
    assert attribution(sentence) == "local officials"


def test_a_place_after_the_speaker_is_not_the_speaker() -> None:
    sentence = "The administration of the Kherson region in Ukraine previously reported that 1,300 homes had been flooded."
    assert attribution(sentence) == "administration of the Kherson region"


def test_the_subject_of_a_first_verb_says_what_a_coordinated_verb_reports() -> None:
    assert speaker("Also, Rishi Sunak has accepted defeat, and said he called Starmer.") == "Rishi Sunak"
    # Must not trigger: a subject of its own after "and".
    assert speaker("Rebels captured Aleppo, and officials said the city had fallen.") == "officials"


def test_who_is_told_is_not_the_speaker() -> None:
    assert speaker('"It\'s a tragedy beyond tragedy," he told Blitzer.') is None
    assert speaker("The fire is contained, he told CNN.") is None
    # Must not trigger: a name right after another verb of saying.
    assert speaker('"It is a tragedy," said Governor Green.') == "Governor Green"


def test_who_is_told_or_asked_is_a_listener() -> None:
    assert is_listener('"It is a tragedy," he told Blitzer.', "Blitzer")
    # Must not trigger: the name also stands as the subject.
    assert not is_listener("Green told Blitzer that Green would stay.", "Green")


def test_a_name_set_off_after_a_title_and_an_unnamed_source_are_named_whole() -> None:
    sentence = "According to the former Chairman of ISRO, K Sivan, the total cost is Rs. 615 crore."
    assert attribution(sentence) == "K Sivan"
    sentence = "Altman is talking with the board again, two people with knowledge of the matter said."
    assert speaker(sentence) == "two people with knowledge of the matter"
    # Must not trigger: a description set off after the name.
    assert attribution("According to Leontyev, a local official, the water has receded.") == "Leontyev"


def test_a_title_in_lower_case_before_a_name_is_not_the_source() -> None:
    sentence = "According to state epidemiologist Magnus Gisslen, the individual contracted the virus abroad."
    assert attribution(sentence) == speaker(sentence) == "Magnus Gisslen"
    # Must not trigger: a title of a place, and a source with no name.
    assert attribution("According to the mayor of Derna, 20,000 may have died.") == "mayor"
    assert attribution("According to local officials, the water has receded.") == "local officials"


def test_an_adverb_of_time_opening_a_sentence_is_no_part_of_a_name() -> None:
    sentence = "Earlier Tareq al Kharaz told Anadolu that around 1,300 bodies have so far been buried."
    assert attribution(sentence) == "Tareq al Kharaz"


@pytest.mark.parametrize(
    ("sentence", "clause", "said_by"),
    [
        # The subject of the verb of saying right before the reported clause, an adverb between.
        (
            "The day before Messi confirmed his decision, Apple immediately announced it would air a docu-series.",
            "it would air a docu-series",
            "Apple",
        ),
        ("Officials said on Wednesday that the toll rose to 50.", "the toll rose to 50", "Officials"),
        ("Biden told reporters the aid would continue.", "the aid would continue", "Biden"),
        # Must not trigger: words between the verb and the clause that are more than a time or "that".
        (
            "Biden said in a long speech to the nation that the aid would continue.",
            "the aid would continue",
            None,
        ),
    ],
)
def test_who_says_a_reported_clause_is_the_subject_of_the_verb_right_before_it(
    sentence: str, clause: str, said_by: str | None
) -> None:
    assert reporting_speaker(sentence, sentence.index(clause)) == said_by
