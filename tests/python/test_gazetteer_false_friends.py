"""The default gazetteer on English text: each class of false friend, and what must still match.

A state's alias inside a longer place name, a fixed phrase, a person's name; historical spellings
and demonyms; what each match is (name, demonym, capital). Policy: docs/gazetteer.md.
"""
import os

import pytest

import relcore
from relcore import Gazetteer

from conftest import shared_dir

SCRAPED = os.path.join(shared_dir(), "samples", "scraped_article_azerbaijan_us.txt")


@pytest.fixture(scope="module")
def g():
    return Gazetteer.default()


@pytest.fixture(scope="module")
def gc():
    return Gazetteer.default(capitals=True)


def found(g, text):
    return [(m.text, m.id) for m in g.find(text)]


def ids(g, text):
    return [m.id for m in g.find(text)]


@pytest.mark.parametrize("text, hidden", [
    ("Floods hit New South Wales and Queensland.", "PL_WALES"),
    ("Fall colors in New England draw tourists.", "PL_ENGLAND"),
    ("The earthquake in Mexico City killed hundreds.", "MEX"),
    ("Wildfires in British Columbia spread.", "GBR"),
    ("Protests in Kuwait City ended.", "KWT"),
    ("The summit in Port of Spain opened.", "ESP"),
    ("A meeting in Guatemala City.", "GTM"),
    ("He grew up in West Jordan, Utah.", "JOR"),
    ("Santa Fe Pacific shares rose.", "PL_PACIFIC_OCEAN"),
    ("Union Pacific and Canadian Pacific merged lines.", "CAN"),
])
def test_state_inside_a_longer_place_name(g, text, hidden):
    assert hidden not in ids(g, text), found(g, text)


def test_longer_names_win_but_the_state_alone_still_matches(g):
    assert found(g, "Mexico and Mexico City") == [("Mexico", "MEX")]
    assert ids(g, "Wales, New South Wales, England and New England") == ["PL_WALES", "PL_ENGLAND"]
    assert ids(g, "N. Ireland and Northern Ireland") == ["PL_NORTHERN_IRELAND"] * 2
    assert ids(g, "Ireland and N Ireland") == ["IRL", "PL_NORTHERN_IRELAND"]
    assert ids(g, "the British government") == ["GBR"]
    assert ids(g, "the Pacific and the Pacific Ocean") == ["PL_PACIFIC_OCEAN"] * 2
    assert ids(g, "New Mexico") == ["PL_NEW_MEXICO"]


@pytest.mark.parametrize("text", [
    "He played American football in college.",
    "A German shepherd guarded the gate.",
    "German Shepherds are loyal.",
    "An Indian ringneck is a parakeet.",
    "Niger-Congo languages are spoken across Africa.",
    "French fries and Turkish delight.",
    "She died of the Spanish flu.",
    "Guinea pigs were used.",
    "He wore a Panama hat.",
    # fixed phrases from WordNet: food, breeds and species, objects, diseases, games
    "Belgian waffles with Canadian bacon and Swiss chard.",
    "She played the French horn; he played Chinese checkers.",
    "An Irish setter chased a Norway rat past the Scotch pine.",
    "Russian dressing, Italian parsley and Spanish rice.",
    "A case of German measles; a Maltese terrier.",
])
def test_fixed_phrases(g, text):
    assert [m for m in g.find(text) if m.kind in ("country", "territory")] == [], found(g, text)


@pytest.mark.parametrize("text", [
    "Atlantic salmon and Pacific halibut were on the menu.",
    "African daisies and European beech grow here.",
    "A Nile crocodile and a Mediterranean fruit fly.",
])
def test_fixed_phrases_that_start_with_a_place(g, text):
    assert ids(g, text) == [], found(g, text)


@pytest.mark.parametrize("text, expected", [
    # a state or a place that the phrase does name is still found
    ("They burned the American flag.", ["USA"]),
    ("He speaks French and studies the French Revolution.", ["FRA", "FRA"]),
    ("Salmon stocks in the Atlantic fell.", ["PL_ATLANTIC_OCEAN"]),
    ("The British Parliament voted.", ["GBR"]),
    ("a car bomb in China; the china cabinet", ["CHN"]),
    # a compound whose last word has another usual sense is a phrase of its own too
    ("An American plane was shot down.", ["USA"]),
    ("Greek cross-border cooperation", ["GRC"]),
])
def test_fixed_phrases_leave_names_that_name_the_state(g, text, expected):
    assert ids(g, text) == expected, found(g, text)


def test_fixed_phrases_leave_the_demonym_elsewhere(g):
    assert ids(g, "American troops and German officials; Niger and Chad") == [
        "USA", "DEU", "NER", "TCD"]
    assert ids(g, "the reactionary French press") == ["FRA"]  # newspapers, not a coffee maker


def test_longer_abbreviations(g):
    assert ids(g, "the U.S.G. website and the U.K.I.P. leader") == []
    assert ids(g, "the U.S.A. and the U.S.S.R.") == ["USA", "SUN"]
    # dashes are ignored by the engine: "U.S.-U.K." must stay two states, not one block
    assert ids(g, "U.S.-U.K. talks and a U.S.-U.N. saga") == ["USA", "GBR", "USA", "UN"]


@pytest.mark.parametrize("text, hidden", [
    ("Bill Jordan said the vote was close.", "JOR"),
    ("Mr. Jordan said so.", "JOR"),
    ("Mr Jordan said so.", "JOR"),
    ("Michael Jordan scored.", "JOR"),
    ("Chad Smith plays the drums.", "TCD"),
    ("Dr. Chad Miller testified.", "TCD"),
    ("Dawn French starred in it.", "FRA"),
    ("Georgia Brown sang.", "GEO"),
    ("I, Israel Katz, son of survivors", "ISR"),
])
def test_person_names(g, text, hidden):
    assert hidden not in ids(g, text), found(g, text)


@pytest.mark.parametrize("text, expected", [
    ("Jordan said it would attend.", ["JOR"]),
    ("King Abdullah of Jordan met Chad's President.", ["JOR", "TCD"]),
    ("Jordan King Abdullah spoke.", ["JOR"]),               # a title, not a surname
    ("In June Jordan signed the accord.", ["JOR"]),         # a month, not a given name
    ("May Jordan prosper. Will Chad agree?", ["JOR", "TCD"]),  # not given names here
    ("Chad, Jordan and Georgia voted.", ["TCD", "JOR", "GEO"]),
    ("The French government and the Welsh press.", ["FRA", "PL_WALES"]),
])
def test_states_next_to_names_still_match(g, text, expected):
    assert ids(g, text) == expected, found(g, text)


@pytest.mark.parametrize("text, expected", [
    # "American" for the Americas: the inter-American instruments whose official titles begin
    # with "American" (Latin American speeches cite them), beside the Americas' other names
    ("the American Convention on Human Rights and the American Treaty on Pacific Settlement",
     ["PL_AMERICAS", "PL_AMERICAS"]),
    ("the American Declaration of the Rights and Duties of Man", ["PL_AMERICAS"]),
    ("the States of this American continent and the Inter-American Court", ["PL_AMERICAS"] * 2),
    # the United States' own
    ("the American Declaration of Independence", ["USA"]),
])
def test_american_for_the_americas(g, text, expected):
    assert ids(g, text) == expected, found(g, text)


@pytest.mark.parametrize("text, expected", [
    # an organization named with a state's name or demonym is counted as that state (the name
    # names it: docs/gazetteer.md, "Organizations named after a place or a state")
    ("Bank of America and Russian Railways", ["USA", "RUS"]),
    ("the National Library of the Netherlands", ["NLD"]),
    # a company named after the Pacific is a fixed phrase, not the ocean
    ("Pacific Gas and Electric and Union Pacific", []),
    # a sea's name at the start of a company's name, up to its designator: the coast, not the sea
    ("the Atlantic Lottery Corporation sued", []),
    ("the Atlantic Sugar Refining Company and Atlantic Richfield, Inc.", []),
    ("Pacific Airlines and the Great Atlantic & Pacific Tea Co. opened", []),
    ("Mediterranean Shipping Company ships crossed the Mediterranean", ["PL_MEDITERRANEAN"]),
    # ...but not a state's company, a region's bank, a UN group, or the sea itself
    ("Malaysia Airlines and Ethiopian Airlines", ["MYS", "ETH"]),
    ("the Caribbean Development Bank and the African Group", ["PL_CARIBBEAN", "PL_AFRICA"]),
    ("the Pacific Group and the Atlantic Council", ["PL_PACIFIC_OCEAN", "PL_ATLANTIC_OCEAN"]),
    ("Asian and Pacific Co-operation; across the Atlantic. Company law", ["PL_ASIA", "PL_PACIFIC_OCEAN",
                                                                        "PL_ATLANTIC_OCEAN"]),
])
def test_organizations_named_after_a_state(g, text, expected):
    assert ids(g, text) == expected, found(g, text)


@pytest.mark.parametrize("text", [
    # aliases of other languages on English text (see test_gazetteer_langs.py for the rest)
    "a bowl of Chili con carne",
    "In the Inde- pendence Day parade",
    "Irak and Maroc were on the list of the author",
    "He works at Credit Suisse.",
])
def test_other_languages_aliases_on_english_text(g, text):
    assert ids(g, text) == [], found(g, text)
    assert [m.id for m in g.find(text, lang="*")]  # each is an alias of another language


@pytest.mark.parametrize("text, id_, form", [
    ("Kazakstan", "KAZ", "name"), ("Republic of Kazakstan", "KAZ", "name"),
    ("the Zairean people", "COD", "demonym"), ("Zaireans", "COD", "demonym"),
    ("Zairian", "COD", "demonym"), ("the Byelorussian SSR", "BLR", "name"),
    ("Byelorussian", "BLR", "demonym"), ("Byelorussians", "BLR", "demonym"),
    ("the Kampuchean people", "KHM", "demonym"), ("Kampucheans", "KHM", "demonym"),
    ("the Khmer Republic", "KHM", "name"), ("Congo (Leopoldville)", "COD", "name"),
    ("Tadzhikistan", "TJK", "name"), ("Roumania", "ROU", "name"),
    ("the Maldive Islands", "MDV", "name"), ("Portuguese Guinea", "GNB", "name"),
    ("Salvadorians", "SLV", "demonym"), ("Ceylonese", "LKA", "demonym"),
])
def test_historical_spellings_and_demonyms(g, text, id_, form):
    assert [(m.id, m.form) for m in g.find(text)] == [(id_, form)], found(g, text)


@pytest.mark.parametrize("text, expected", [
    # "Congo" alone has named two states at once since 1960 (Leopoldville and Brazzaville, today
    # the DRC and the Republic of the Congo): the marker PL_CONGO, never one of them
    ("Today we find the Congo presenting us with masked imperialism.", [("PL_CONGO", "name")]),
    ("the Congolese people", [("PL_CONGO", "demonym")]),
    ("CONGO", [("PL_CONGO", "name")]),
    # every name that says which Congo does
    ("the Republic of the Congo and the Democratic Republic of the Congo",
     [("COG", "name"), ("COD", "name")]),
    ("Congo (Brazzaville) and Congo (Leopoldville)", [("COG", "name"), ("COD", "name")]),
    ("Congo-Brazzaville, Congo-Kinshasa, DR Congo, Zaire",
     [("COG", "name"), ("COD", "name"), ("COD", "name"), ("COD", "name")]),
    ("the Belgian Congo", [("COD", "name")]),
    # places named after it stay places
    ("the Congo River and the Congo Basin", [("PL_CONGO_RIVER", "name"), ("PL_CONGO_BASIN", "name")]),
    ("Niger-Congo languages; a Congo eel", []),
])
def test_congo_names_two_states(g, text, expected):
    assert [(m.id, m.form) for m in g.find(text)] == expected, found(g, text)


def test_every_match_says_what_it_is(g, gc):
    text = "Armenia and ethnic Armenians; the Armenian government; Moscow and the Kremlin."
    assert [(m.text, m.id, m.form) for m in g.find(text)] == [
        ("Armenia", "ARM", "name"), ("Armenians", "ARM", "demonym"),
        ("Armenian", "ARM", "demonym")]
    assert [(m.text, m.id, m.form) for m in gc.find(text)] == [
        ("Armenia", "ARM", "name"), ("Armenians", "ARM", "demonym"),
        ("Armenian", "ARM", "demonym"), ("Moscow", "RUS", "capital"),
        ("the Kremlin", "RUS", "capital")]


@pytest.mark.parametrize("text, id_", [
    ("Moscow", "RUS"), ("Baku", "AZE"), ("the Kremlin", "RUS"), ("the White House", "USA"),
    ("Downing Street", "GBR"), ("Washington", "USA"), ("Mexico City", "MEX"),
    ("Kuwait City", "KWT"), ("Port of Spain", "TTO"), ("Ankara", "TUR"),
])
def test_capitals_only_when_asked(g, gc, text, id_):
    assert [(m.id, m.form) for m in gc.find(text)] == [(id_, "capital")]
    assert g.find(text) == []  # and never the state inside ("Mexico City" is not Mexico)


def test_capitals_that_are_words_stay_out(gc):
    assert ids(gc, "Male and female; Queen Victoria; a white house; the white house") == []


@pytest.fixture(scope="module")
def scraped():
    if not os.path.exists(SCRAPED):
        pytest.skip("../shared/samples not available")
    with open(SCRAPED, encoding="utf-8") as f:
        return f.read()


def test_scraped_page_moscow_with_capitals(g, gc, scraped):
    i = scraped.index("Moscow knows")
    assert [m for m in g.find(scraped) if m.start == i] == []
    [m] = [m for m in gc.find(scraped) if m.start == i]
    assert (m.text, m.id, m.form) == ("Moscow", "RUS", "capital")
    doc = relcore.analyze(scraped, gazetteer=gc)
    assert "RUS" in [x.id for x in doc.mentions if x.start == i]
