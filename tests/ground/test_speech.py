"""What a sentence says somebody said (summarizer/ground/speech.py): a quote, or a reported clause."""

from __future__ import annotations

import pytest

from summarizer.ground.speech import names_a_speaking, only_attribution, spoken_words


@pytest.mark.parametrize(
    ("sentence", "said", "quoted"),
    [
        ("“We can hear small noises, but we don’t know,” Serrano told the Associated Press.", "We can hear small noises, but we don’t know", True),
        ('"We have no more beds," he said.', "We have no more beds", True),
        ("Pedro Serrano, a volunteer, said rescuers could hear sounds from inside the school.", "rescuers could hear sounds from inside the school", False),
        ("Up to 30 children were still missing, said Mexican President Enrique Pena Nieto.", "Up to 30 children were still missing", False),
        ("The priority is rescue of the trapped, the president said late Tuesday.", "The priority is rescue of the trapped", False),
        ("According to the SOHR, 311 people have died in the fighting.", "311 people have died in the fighting", False),
        ("311 people have died in the fighting, according to the SOHR.", "311 people have died in the fighting", False),
        ("A spokesperson told the outlet that Kotick would remain in charge.", "Kotick would remain in charge", False),
        ("Ahmed Hassan told reporters the hospital has run out of beds.", "the hospital has run out of beds", False),
        ("Catherine Colonna told AFP news agency the coup was not final.", "the coup was not final", False),
        # A verb of saying in a clause set off about the speaker is not the one that reports.
        ("Keller-Sutter, who said she held a Credit Suisse bank account, said the worst case had been avoided.", "the worst case had been avoided", False),
        # Must not trigger: a relative clause inside the words said.
        ("Officials said the group, which claimed the attack, had fled.", "the group, which claimed the attack, had fled", False),
        # Must not trigger: "as many as" opens words said.
        ("He said as many as 50 people died in the fire.", "as many as 50 people died in the fire", False),
        # The writer's description of them after a dash is no part of them.
        ("Harris raised $81 million after Biden announced he would not seek reelection — the largest haul in history.", "he would not seek reelection", False),
        ("The islands sustained major damage, the United Nations said on Tuesday, with downed lines hampering rescue efforts.", "The islands sustained major damage", False),
        ("Microsoft said it expects to close the deal in its fiscal 2023.", "it expects to close the deal in its fiscal 2023", False),
        ("Musk has bought the company for $54.20 a share, the company confirmed the news in a press release on Monday.", "Musk has bought the company for $54.20 a share", False),
        # Must not trigger: after the verb comes a clause, not the circumstances of saying it.
        ("Depp will receive $10.4 million, a sum that Heard's attorneys say she cannot afford to pay.", "she cannot afford to pay", False),
        ("Fighting went on, officials said the toll was 300 in the city.", "the toll was 300 in the city", False),
        ("Uvalde Memorial Hospital confirmed the two deaths and added that the facility received 13 children.", "the facility received 13 children", False),
        ("HTS claimed it had taken the airport.", "it had taken the airport", False),
        ("Bonds climbed as Liz Truss announced she was stepping down but the recovery has been modest.", "she was stepping down", False),
        # A name of titles and names after the verb, then where it was said.
        ("The emergency is over, said WHO Director General Dr Tedros Adhanom Ghebreyesus at a press conference on Friday.", "The emergency is over", False),
        # What somebody said, reported by an outlet: the words are the speaker's, without the report.
        ("Officials said that even though the emergency phase was over, the pandemic has not finished, AP reported.", "even though the emergency phase was over, the pandemic has not finished", False),
        # An attribution in the middle, the writer's "with…" after it, and an outlet's report at the end.
        ("Divers will start work at 6am, Marat Khusnullin said, with a survey expected to be complete by the day's end, local news agencies reported.", "Divers will start work at 6am", False),
        # A refusal to say says nothing: the words said are those of the verb after it.
        ("Loretta Mester declined to say if she favoured going bigger, but she said there was no reason to go slower.", "there was no reason to go slower", False),
        # "but that" with a subject goes on with what was said; "but that" with a noun does not.
        ("Mette Frederiksen said it was not yet known who was behind the leaks but that they were not accidents.", "it was not yet known who was behind the leaks but that they were not accidents", False),
        ("Mette Frederiksen said she would call an election but that plan was dropped within a week.", "she would call an election", False),
        ("Ken Graham said during a press briefing on Wednesday that the storm will take 24 hours.", "the storm will take 24 hours", False),
        ("Chris Constance said Thursday that six deaths had occurred there, according to CNN.", "six deaths had occurred there", False),
        # Who is set off after "According to X," is no word said.
        # …but a clause after it is: a verb makes it one.
        ("According to the weather agency, a series of aftershocks occurred in the area, with 479 quakes by Wednesday.", "a series of aftershocks occurred in the area, with 479 quakes by Wednesday", False),
        ("According to Leontyev, a local official, the water has receded by 35 centimeters.", "the water has receded by 35 centimeters", False),
        # A role set off before the verb of saying is no word said, however long.
        ("According to Euro News, Vidir Reynisson, head of Iceland's Civil Protection and Emergency Management, said the lava had slowed.", "the lava had slowed", False),
        # A "that" after a verb opens a clause inside the words said.
        ("Mr Erdogan said the investigation should be conducted in a way that leaves no doubt.", "the investigation should be conducted in a way that leaves no doubt", False),
        # A verb after "…, said" makes it a clause, not a name.
        ("Leader of the Labour party, Keir Starmer, said the country had voted for change.", "the country had voted for change", False),
        # A semicolon ends the words said; a long circumstance may stand before "that".
        ("SVB said it was undergoing a series of conversations; it wrote in a memo seen by Reuters.", "it was undergoing a series of conversations", False),
        ("Yellen said early Friday morning during a House Ways and Means Committee hearing that she is monitoring it.", "she is monitoring it", False),
        # A name after "…, said" may carry a relative clause of its own.
        ("Lula won 50.9 percent of the vote, said the Supreme Elections Court, which declared Lula the winner.", "Lula won 50.9 percent of the vote", False),
        # A short quote is read in the clause that holds it.
        ('The PM confirmed there will be a leadership election "in the next week".', 'there will be a leadership election "in the next week"', False),
        # Must not trigger: a short quote no clause of saying holds.
        ("Yellen told lawmakers the department was watching, calling it “a matter of concern” when banks lose.", "a matter of concern", True),
        # Where the words were said, written after them, is not part of them.
        ("Officials said the dam was destroyed overnight, in a statement on Tuesday.", "the dam was destroyed overnight", False),
        # Must not trigger: a statement named inside the words said.
        ("The company said the merger, announced in a statement on Monday, would close in June.", "the merger, announced in a statement on Monday, would close in June", False),
        # Must not trigger: a name after "…, said".
        ("The truce will hold on the border, said the Turkish foreign minister.", "The truce will hold on the border", False),
        # A role set off after "According to X," is no word said; a dateline is the writer's.
        ("According to Tek Bahadur KC, Chief District Officer of the Kaski district, the plane crashed into the gorge.", "the plane crashed into the gorge", False),
        ("Colombo (News 1st) - The two black boxes have been found, airport officials said.", "The two black boxes have been found", False),
        # Must not trigger: the subject of the words said, set off by a relative clause.
        ("According to police, the gunman, who was 18, fled the scene on foot.", "the gunman, who was 18, fled the scene on foot", False),
        # A name set off after a title; a time after the attribution; a place before a colon.
        ("According to the former Chairman of ISRO, K Sivan, the total cost is Rs. 615 crore.", "the total cost is Rs. 615 crore", False),
        ("Greg Brockman has quit the firm, he said Friday, hours after the board fired Sam Altman.", "Greg Brockman has quit the firm", False),
        ("San Francisco: Altman is talking with the board again, two people with knowledge of the matter said.", "Altman is talking with the board again", False),
        # A clause after the attribution is the writer's, or another speaker's.
        ("Sensors detected the likely implosion on Sunday, Navy officials said on Thursday, a revelation that means the search was in vain.", "Sensors detected the likely implosion on Sunday", False),
        ("A quarter of Derna was wiped out, the administration said on Tuesday, and the Red Cross said 10,000 were missing.", "A quarter of Derna was wiped out", False),
        # A participle after the attribution is the writer's.
        ("The fire has killed at least 89, officials said Saturday, making it the deadliest in a century.", "The fire has killed at least 89", False),
        ("The quake has killed more than 1,000, authorities said Saturday, as troops scrambled to reach villages.", "The quake has killed more than 1,000", False),
        # …and so is what the news makes of who said it, after the words said.
        ("Alphabet said Friday that it will cut 12,000 jobs, about 6% of its workforce, becoming the latest tech giant to retrench.", "it will cut 12,000 jobs, about 6% of its workforce", False),
        # Must not trigger: becoming inside the words said, as a verb of its own clause.
        ("Officials said the storm was becoming stronger overnight.", "the storm was becoming stronger overnight", False),
        ("The evacuation zone expanded to two states, Gov. Mike DeWine said at a news conference Monday, and it's not clear when residents will return.", "The evacuation zone expanded to two states", False),
        # Must not trigger: a clause after the verb is the words said.
        ("The plan failed, DeWine said the toll rose to 300, and more died.", "the toll rose to 300, and more died", False),
        # Must not trigger: a gerund that is the subject of the words said.
        ("UN envoy Farid al-Lazudi said fighting around Norirani has to stop.", "fighting around Norirani has to stop", False),
        # What another named speaker says, or what the speaker does next, is not part of the words said.
        ("Anne Lopez said she was launching a review, while Green told CNN he had authorized one.", "she was launching a review", False),
        ("Pelletier said dogs have searched 3% of the area and asked families to provide DNA samples.", "dogs have searched 3% of the area", False),
        ("Africa CDC announced that the outbreaks were an emergency, and called for international help.", "the outbreaks were an emergency", False),
        # Must not trigger: a clause opening with "the" whose verb is in the present.
        ("Modi said the mission's success belongs to all of humanity.", "the mission's success belongs to all of humanity", False),
        # A day right after the verb is when it was said; a time the writer sets after is the writer's.
        ("Ruto said Wednesday he won't sign the bill, a day after protesters stormed parliament.", "he won't sign the bill", False),
        ("The president said Wednesday night he had been told the toll was 18.", "he had been told the toll was 18", False),
        # Whom the words name, described by the writer, is no part of them.
        ("Biden said the swap ended months of hell for Griner, 32, a two-time Olympic gold medalist.", "the swap ended months of hell for Griner", False),
        # Must not trigger: an age set off without a description after it.
        ("Police said the gunman, 18, fled the scene before officers arrived.", "the gunman, 18, fled the scene before officers arrived", False),
        # A quotation opened after a colon and closed in the next sentence.
        ("Tim Henman said afterwards, reported by BBC Sport: “Incredible tennis.", "Incredible tennis", True),
        # Words said that open inside an aside end with it.
        ("The guarantees for his safety - something he said Putin had given his word on - and for his men.", "Putin had given his word on", False),
        # Must not trigger: an aside closed before them, or one inside them.
        ("Officials - who spoke on condition of anonymity - said the talks had stalled - for now.", "the talks had stalled - for now", False),
        ("He said the plan - drafted in May - would go ahead.", "the plan - drafted in May - would go ahead", False),
        # Must not trigger: a day inside the words said.
        ("Police said Wednesday was the deadliest day of the protests.", "Wednesday was the deadliest day of the protests", False),
        # Must not trigger: the same speaker's "but he warned" goes on with the words said.
        ("Green said the toll stands at 89, but he warned the number will continue to rise as crews search.", "the toll stands at 89, but he warned the number will continue to rise as crews search", False),
        # Must not trigger: "and" with a subject of its own inside the words said.
        ("Police said the man fled and officers found the car.", "the man fled and officers found the car", False),
        # A clause of time after the attribution is the writer's: when it was said, not what.
        ("Rajapaksa was allowed to enter Singapore on a private visit, the city-state said, after the leader arrived from the Maldives.", "Rajapaksa was allowed to enter Singapore on a private visit", False),
        ("Rajapaksa has submitted a letter of resignation, two government sources said on Friday, after he fled to Singapore.", "Rajapaksa has submitted a letter of resignation", False),
        # The day after the listener is when it was said.
        ("His attorneys Richard Harpootlian and Jim Griffin told reporters Friday they intend to file an appeal.", "they intend to file an appeal", False),
        ("The minister told Reuters Monday the talks with the rebels had failed.", "the talks with the rebels had failed", False),
        # Must not trigger: "after" inside the words said.
        ("Police said the man fled after officers arrived at the house.", "the man fled after officers arrived at the house", False),
        # The speaker's own denial after the words said is the writer's account of it.
        ("Spokesperson Nikos Alexiou said the vessel was followed before it sank and denied reports that a patrol boat had tried to tow it.", "the vessel was followed before it sank", False),
        # Must not trigger: "and" with a verb that is no speaker's act.
        ("Police said the suspect denied the charges and was released.", "the suspect denied the charges and was released", False),
        # A subject set off by commas before the verb: what follows the verb is said, not who said it.
        ("The two leaders, Biden and Xi, said the talks went well.", "the talks went well", False),
        # Must not trigger: an inverted attribution, the speaker's description and all.
        ("We will not back down, said the embattled leader.", "We will not back down", False),
    ],
)  # fmt: skip
def test_the_words_said_are_a_span_of_the_sentence(sentence: str, said: str, quoted: bool) -> None:
    spoken = spoken_words(sentence)
    assert spoken is not None
    assert (sentence[spoken.start : spoken.end], spoken.quoted) == (said, quoted)


@pytest.mark.parametrize(
    "sentence",
    [
        "Messi scored twice in the final at the Lusail Stadium.",
        "Rebels captured the city of Aleppo on Friday.",
        "“Yes,” he said.",  # too short a quote, and nothing else said
        # What follows the verb has no subject: "were destroyed" is no clause anybody said.
        "More than 5,600 buildings, Turkish officials said, were destroyed in the country.",
        # A verb that takes an object reports no clause without "that" or a pronoun after it.
        "Uvalde Memorial Hospital confirmed the two deaths at the school.",
        # What follows the verb opens with a modal: its subject is lost.
        "Abbott said can be used to heal the broken hearts of the families.",
        # "claims" after a count or a determiner is a noun, not a verb of saying.
        "The jury determined that among the three claims she raised against him, Heard lost her first.",
        "Her claims he was abusive were rejected by the jury in Virginia.",
        # What follows the verb is an object with no verb of its own, not a clause.
        'Lula greeted supporters and tweeted a single word: "Democracy", alongside a picture of the flag.',
        "The FDIC said in a written statement:",
        "Milei won the election with the 55.8% of votes says the Government's website Resultados 2023.",
        # "adds" before a number adds it up, it says nothing.
        "Milei defeated the ruling party's Sergio Massa, who adds 44.04% of the votes.",
        # "adds to" adds no words; "writes its name" writes an object.
        "Brockman's sudden departure adds to the day's uncertainties at OpenAI.",
        "The landing ensures that India writes its name on history book pages by becoming the first nation.",
        # Words said open as a clause does.
        "Officials said Saturday, making it the deadliest fire in the state in more than a century.",
        "Brockman added, and the board said nothing more about the reasons for the decision.",
        # A day closing a sentence run into the next one ("…said Thursday.President…").
        "Otis caused 27 deaths, officials said Thursday.President Lopez Obrador arrived late, after roads were blocked.",
        "Officials said, making it the deadliest fire in the state in more than a century.",
        # "As" opening a clause of time after the verb ("said as … made the decision…").
        "Wolff said as race director Michael Masi made the decision to allow the lapped cars to drive.",
        # A colon with no quotation opened after it, or no verb of saying before it.
        "He said in a statement: the plan works.",
        'Barack Obama: "Michelle and I were lucky to know her',
        # An outlet's report alone is the outlet's news, not words said.
        "At least 47 people were killed in the crash, Yonhap news agency reported.",
        # A refusal to say, or a denial that one said.
        "The minister declined to say whether troops would be sent to the border.",
        "The spokesman did not say how many soldiers had been killed in the attack.",
        # Whom someone named after "According to X," warned, and what to do: no words said.
        "According to Euro News, Vidir Reynisson, head of Iceland's Civil Protection and Emergency "
        "Management, warned people to be careful of the eruptions.",
    ],
)
def test_a_sentence_that_quotes_nobody_and_reports_no_saying_says_nothing(sentence: str) -> None:
    assert spoken_words(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "only"),
    [
        ("Biden said in an emotional speech from the White House.", True),
        ("The governor said on Tuesday.", True),
        # Must not trigger: words said after the verb.
        ("Rebels said the city had fallen.", False),
        ("Officials said the toll rose in the city.", False),
    ],
)
def test_a_sentence_that_only_says_who_spoke(sentence: str, only: bool) -> None:
    assert only_attribution(sentence) is only


@pytest.mark.parametrize(
    ("around", "speaks"),
    [
        ("Biden called it", True),
        ("rescuers lifted her on a stretcher, chanting", True),
        ("the governor said in a statement", True),
        ("fumed Foreign Ministry spokeswoman Mao Ning on Thursday", True),
        # Quoted words nobody is said to have said: an allegation's, a report's.
        ("even as his company has faced allegations that its culture fostered", False),
        # …or a headline's who were warned ('"This is not a tourist attraction": Natives … warned to stay away').
        (": Natives and tourists warned to stay away from the eruptions", False),
        ("he warned", True),
    ],
)
def test_quoted_words_need_somebody_said_to_say_them(around: str, speaks: bool) -> None:
    assert names_a_speaking(around) is speaks
