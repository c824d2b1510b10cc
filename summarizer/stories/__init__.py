"""Stories: a folder's articles sorted into the stories they tell, kept from one run to the next.

``clustering`` sorts articles by their text alone (names, places, distinctive words, publication
days); ``continuity`` ties each story to the one a previous run saw; ``briefings`` writes one
briefing per story and the index. No model is called.
"""
