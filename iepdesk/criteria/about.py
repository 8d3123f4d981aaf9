"""Whom a page speaks of: a particular child (named by initials or a first name, or "he", "the student", "my son"),
or children in general, as a definition, a guide or a study does. A page about no particular child is evidence of
nothing about the child (iepdesk.criteria.suggest)."""

from __future__ import annotations

import re

from iepdesk.criteria.reading import PageText
from iepdesk.criteria.sentence_words import CHILDREN

_PERSON = {"he", "she", "him", "his", "her", "hers", "himself", "herself", "son", "daughter"}
_PERSON_PAIRS = {("the", "student"), ("the", "child"), ("student", "s"), ("child", "s"), ("your", "child"),
                 ("my", "child")}
_ANYONE = {"a", "an", "any", "each", "every", "no"}  # "a student's performance" speaks of anyone
_THEY = {"they", "their", "them", "theirs", "themselves"}


# Decisions and court opinions name the child by initials ("J.C.", "EK was expelled") or by a first name in the
# possessive ("Brandon's behavior"). Not by the pseudonym "Student" ("Student experienced problems"): school forms
# are full of "Student:" and "Student Strengths", and counting those cost the written pages' precision. Two capitals
# after "the", "our", "his" … are a title ("the EA is the key individual …"), not a child's initials.
_INITIALS = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,3}(?![\w.])"
                       r"|(?<![\w.])(?<!the )(?<!The )(?<!an )(?<!An )(?<!our )(?<!his )(?<!her )(?<!your )"
                       r"[A-Z]{2}(?=(?:'s|’s)? (?:was|is|has|had|did|does|received|entered|attended|began))")
_NOT_INITIALS = {"U.S.", "D.C.", "P.C.", "A.M.", "P.M.", "N.Y.", "U.K.", "E.G.", "I.E.", "OT", "PT", "PE", "IQ", "ED",
                 "ID", "LD", "HO", "AT", "ST", "EI", "SS", "MD", "DD", "VI", "HI", "OI", "AU", "IE", "SD", "PR", "CI"}
_POSSESSIVE = re.compile(r"(?<!Mr\. )(?<!Ms\. )(?<!Mrs\. )(?<!Dr\. )\b([A-Z][a-z]+)(?:'s|’s)\b")
_NOT_NAMES = {"District", "School", "Court", "Board", "Department", "Parent", "Parents", "State", "Officer", "Panel",
              "Agency", "Plaintiff", "Plaintiffs", "Defendant", "Petitioner", "Respondent", "Mother", "Father",
              "Teacher", "Children", "Today", "Committee", "Team", "Center", "Hospital", "Clinic", "University",
              "Office", "Student", "Child", "Evaluator", "Psychologist", "Program", "Academy", "County", "City",
              "Commissioner", "Judge", "Hearing", "Education", "Union", "Township", "Town", "Company", "Nation",
              "Law", "Circuit", "Congress", "Secretary", "America", "Year", "Week", "Month", "Day",
              "Tourette", "Asperger", "Crohn", "Down", "Hodgkin", "Alzheimer", "Parkinson"}  # conditions' names


# The pseudonym does count where it is the subject of what the child did or is: "Student was suspended five times",
# "Student is failing every class" (hearing decisions in California and Pennsylvania name the child so).
_PSEUDONYM = re.compile(r"(?<![Tt]he )(?<![Aa] )(?<![Aa]ny )\bStudent(?:'s|’s)? (?:is|was|has|had|did|does|received|"
                        r"attended|began|entered|exhibited|demonstrated|struggled|continued|needs|needed|requires|"
                        r"required|missed|failed|earned|scored|engaged|became|showed|displayed|could|cannot|can)\b")


# A first name in the middle of a sentence, doing or being something: "because Sam has not turned in his homework",
# "yesterday Jake hit a classmate", "From October to February Kevin received …". (At a sentence's start a capital
# says nothing: "Reading is hard".)
_NAMED = re.compile(r"\b(?:[a-z]+|January|February|March|April|May|June|July|August|September|October|November|"
                    r"December),? ([A-Z][a-z]{2,})(?= (?:is|was|has|had|did|does|can|cannot|could|will|would|needs|"
                    r"needed|gets|got|hit|threw|cried|reads|read|struggles|struggled|refuses|refused|began|started|"
                    r"kept|keeps|seems|seemed|missed|failed|told|said|says|received|receives|exhibits|exhibited|"
                    r"displays|displayed|demonstrates|demonstrated|shows|showed|continues|continued|became|becomes|"
                    r"attends|attended|earned|scored|completed|completes|requires|required|engaged|engages|tends|"
                    r"tended|presents|presented)\b)")
# A report introduces its child: "Ryan is a nine-year-old boy", "Maya is a fourth grade student at …", "a 7-year-old
# boy, Hunter, who …"; or opens a sentence with the child's name and what only a person is or does: "Jayden was
# suspended twice", "Ava was diagnosed with ADHD", "Noah cried when …".
_INTRODUCED = re.compile(r"\b([A-Z][a-z]{2,}) is an? (?:[\w-]+ ){0,3}?(?:boy|girl|student|child|grader|year-old)\b"
                         r"|(?:^|[.!?]\s+)([A-Z][a-z]{2,}) (?:(?:was|is|has been|had been) (?:diagnosed|suspended|"
                         r"hospitali[sz]ed|treated|referred|evaluated|retained|held back|sent home|expelled|failing)|"
                         r"(?:cried|hit|kicked|threw|bit|screamed|refused|refuses|struggles|struggled))\b"
                         r"|\ban? (?:[\w-]+ ){0,3}?(?:boy|girl|student|child|grader), ([A-Z][a-z]{2,}),")
_NOT_FIRST_NAMES = _NOT_NAMES | {"He", "She", "They", "We", "You", "The", "This", "That", "There", "It", "His", "Her",
                                 "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
                                 "January", "February", "March", "April", "May", "June", "July", "August",
                                 "September", "October", "November", "December", "English", "Spanish", "Math",
                                 "Reading", "Writing", "Science", "God", "Mom", "Dad", "Grandma", "Grandpa",
                                 "Principal", "Doctor", "Coach", "Section", "Rehabilitation", "Act", "Individuals",
                                 "Disabilities", "Autism", "Dyslexia", "Name"}  # a template's "Name displayed …"


def names_a_child(page: PageText) -> bool:
    """Whether the page names a particular child, as decisions do: by initials, a name or the pseudonym Student."""
    written = page.written
    if any(m.group(0) not in _NOT_INITIALS for m in _INITIALS.finditer(written)) or _PSEUDONYM.search(written):
        return True
    return (any(m.group(1) not in _NOT_NAMES for m in _POSSESSIVE.finditer(written))
            or any(next(g for g in m.groups() if g) not in _NOT_FIRST_NAMES for m in _INTRODUCED.finditer(written))
            or any(m.group(1) not in _NOT_FIRST_NAMES and m.group(1).lower() not in _CONDITION_NAMES
                   for m in _NAMED.finditer(written)))  # not "a child with chronic Migraine will …"


# A report card's or a progress note's comments leave the child out: "Needs frequent reminders to stay focused",
# "Is easily distracted by classmates", "Often plays alone at recess". A sentence that opens with such a verb (and
# not with a question's "Is the …", "Has he …") speaks of the child the page is about.
_COMMENT_VERBS = {"is", "has", "needs", "struggles", "reads", "knows", "appears", "becomes", "seems", "continues",
                  "works", "writes", "completes", "participates", "follows", "uses", "demonstrates", "shows",
                  "requires", "benefits", "enjoys", "displays", "exhibits", "tends", "cannot", "gets", "makes",
                  "tries", "refuses", "avoids", "loses", "forgets", "understands", "speaks", "talks", "plays",
                  "interacts", "responds", "identifies", "recognizes", "solves", "spells", "counts", "was", "had",
                  "frequently", "often", "rarely", "sometimes", "usually", "always", "never", "still", "easily",
                  "fails", "disrupts", "interrupts", "blurts", "argues", "cries", "hits", "leaves", "engages", "turns"}
_NOT_A_COMMENT = {"the", "a", "an", "there", "it", "this", "that", "these", "those", "he", "she", "they", "you", "we",
                  "i", "your", "my", "his", "her", "their", "our", "its", "one", "been", "what", "who", "not"}


# A parent names the child by kinship: "my child", "our kid", "my 8 year old", "my grandson".
_MINE = {"my", "our"}
_PARENTS = {"parent", "mother", "father", "mom", "mum", "dad", "grandmother", "grandfather", "guardian"}
_THIS_ONE = {("this", "child"), ("this", "student"), ("the", "pupil"), ("this", "pupil"), ("the", "boy"),
             ("the", "girl"), ("this", "boy"), ("this", "girl")}  # "This child is failing every class"
_KIN = {"child", "kid", "kiddo", "son", "daughter", "boy", "girl", "grandson", "granddaughter", "stepson",
        "stepdaughter", "twins", "toddler", "preschooler", "kindergartner", "kindergartener", "teen", "teenager",
        "youngest", "oldest", "eldest"}


def a_parents_child(page: PageText) -> bool:
    """Whether a parent speaks of their own child ("my child", "our kid", "my 8 year old", "my youngest", "I am the
    parent of a student with…"), or a teacher of the one before her ("this child", "the boy")."""
    words = page.words
    for i, word in enumerate(words[:-1]):
        if (word, words[i + 1]) in _THIS_ONE:
            return True
        if word in _MINE:
            after = words[i + 1:i + 4]
            if after[0] in _KIN or (after[0].isdigit() and after[1:3] in (["year", "old"], ["yr", "old"])):
                return True
        if (word in _PARENTS and words[i + 1] == "of" and "i" in words[max(0, i - 3):i]
                and {*_KIN, "student"} & set(words[i + 2:i + 6])):
            return True  # "I am the parent of a student with TBI", "I'm the mom of a 7 year old boy"
    return False


def comments_on_a_child(page: PageText) -> bool:
    """Whether a sentence on the page is a comment on the child with the child left out ("Needs frequent reminders
    to stay focused"), as report cards and progress notes write them."""
    words, sentence = page.words, page.sentence
    return any(word in _COMMENT_VERBS and (i == 0 or sentence[i - 1] != sentence[i]) and i + 1 < len(words)
               and sentence[i + 1] == sentence[i] and words[i + 1] not in _NOT_A_COMMENT
               for i, word in enumerate(words))


def about_a_child(page: PageText, definite: bool = True) -> bool:
    """Whether the page speaks of a particular child ("he", "her", "the student", "my son") rather than of children
    in general, as a definition or a guide does ("a child who…", "his/her"); names are names_a_child's. Without
    ``definite``, "the child" and "the student" do not count: a guide that speaks of "a child" goes on with "the
    child's needs"."""
    words, yours = page.words, False
    for i, word in enumerate(words):
        if word in _PERSON:
            before = words[i - 1:i] if i < 1 or words[i - 1] != "or" else words[i - 2:i - 1]
            after = words[i + 1:i + 2] if words[i + 1:i + 2] != ["or"] else words[i + 2:i + 3]
            pair = bool(set(before) & {"he", "his", "him"} or set(after) & {"she", "her", "hers"})
            if not pair:  # "his/her", "he/she" and "he or she" are how a rule speaks of anyone
                return True
        elif (i + 1 < len(words) and (word, words[i + 1]) in _PERSON_PAIRS and (i == 0 or words[i - 1] not in _ANYONE)
              and (definite or word not in ("the", "student", "child"))):
            if word != "your":
                return True
            yours = True
    return yours and not _THEY & set(words)  # "your child … they": a guide's reader's child (see general)


_GENERAL = {("a", "child"), ("a", "student"), ("one", "who"), ("is", "defined"), ("means", "a"), ("means", "having"),
            ("means", "any"), ("children", "with"),
            ("students", "with"), ("students", "who"), ("children", "who"), ("a", "person"),
            ("is", "one"), ("a", "general"), ("a", "tendency"),  # these two: 300.8(c)(4)'s words, quoted
            ("adolescents", "with"), ("people", "with"), ("individuals", "with"), ("persons", "with"),
            ("someone", "with"), ("someone", "who"), ("anyone", "with"), ("kids", "with"), ("an", "individual"),
            ("kids", "on"), ("children", "on"),  # "kids on the spectrum have a hard time …"
            ("research", "shows"), ("research", "show"), ("research", "suggests"), ("research", "indicates"),
            ("studies", "show"), ("studies", "suggest"), ("studies", "indicate"), ("studies", "have"),
            ("our", "results"), ("our", "findings"),  # a study's report of its results
            ("every", "student"), ("every", "child"), ("their", "students"),  # "for every student with asthma"
            ("kids", "who"), ("teens", "who"), ("teenagers", "who"), ("in", "teenagers"), ("students", "dealing"),
            ("children", "dealing"), ("kids", "dealing"), ("students", "struggling"), ("children", "struggling"),
            ("a", "kid"), ("may", "include"), ("can", "include"),  # "assessments may include …": a list of what can be
            ("symptoms", "below"), ("signs", "below"),  # "if you have some of the symptoms below, …"
            } | {(kind, many) for kind in ("autistic", "dyslexic", "deaf", "blind", "disabled", "gifted")
                 for many in ("children", "kids", "students")}  # "Autistic children may have meltdowns"
# Many children counted: "four students involved in the lawsuit", "some kids with ADHD"
_MANY = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "many", "some", "most", "all",
         "several", "these", "those", "other"}
_PARENTS_IN_GENERAL = {"are", "often", "may", "should", "can", "who", "sometimes", "frequently", "typically", "must",
                       "need", "have", "will"}
_WHOSE_PARENTS = {"my", "our", "his", "her", "their", "the", "your", "both", "s", "student", "child"}
# "Signs of a concussion include …", "Symptoms of anxiety are …": a list that describes a condition, not a child
_LISTED = {"signs", "symptoms", "symptom", "characteristics", "features", "indicators"}


# A definition opens with the condition's name and says what it is or does: "Dysgraphia makes handwriting illegible",
# "ADHD is a neurodevelopmental disorder" (on a page with no child in it).
_CONDITION_NAMES = {"dyslexia", "dysgraphia", "dyscalculia", "adhd", "add", "autism", "asd", "anxiety", "depression",
               "epilepsy", "asthma", "diabetes", "apraxia", "stuttering", "concussion", "concussions", "dyspraxia",
               "ocd", "ptsd", "tbi", "tourette", "narcolepsy", "migraine", "migraines", "ts", "tics"}
_DEFINES = {"is", "are", "makes", "make", "causes", "cause", "can", "may", "affects", "affect", "means", "refers",
            "occurs", "involves", "impacts", "often", "usually", "typically", "commonly", "frequently", "tends",
            "varies", "co"}  # "TS often co-occurs with ADHD", "ADHD co-occurs with …"


def general(page: PageText) -> bool:
    """Whether the page speaks of children in general: "a child who…", "students with…", "… means a…". Not "classified
    as a student with a learning disability" (a category given to this child) or "a general education class"."""
    words, sentence = page.words, page.sentence

    def speaks_generally(i: int) -> bool:
        pair = (words[i], words[i + 1])
        if pair == ("in", "general"):  # "In general, …" at the head of its sentence, not "in general study skills"
            return i == 0 or sentence[i - 1] != sentence[i]
        if (words[i] in ("a", "an") and words[i + 2:i + 3] in (["child"], ["student"], ["kid"])
                and words[i - 1:i] not in (["as"], ["is"], ["was"])):
            return True  # "an autistic child", "a dyslexic student": any such child
        if pair in (("a", "student"), ("a", "child")) and (words[i - 1:i] in (["as"], ["straight"], ["an"])
                                                         or words[i + 2:i + 5] == ["with", "a", "disability"]):
            return False  # "as a student with …"; "a straight-A student"; the law's "a child with a disability"
        if pair == ("individuals", "with") and words[i + 2:i + 4] == ["disabilities", "education"]:
            return False  # the law's name
        if words[i] in _LISTED and pair[1] == "of" and (i < 2 or sentence[i - 2] != sentence[i]):
            return bool({"include", "includes", "are", "is"} & set(words[i + 2:i + 7]))  # "(Common) signs of … include"
        if words[i] in _LISTED and pair[1] in ("include", "includes") and (i < 2 or sentence[i - 2] != sentence[i]):
            return True  # "Common signs include poor handwriting and slow reading"
        if pair[1] in CHILDREN and (pair[0] in _MANY or pair[0].isdigit()):
            return True
        if pair in (("child", "with"), ("student", "with")) and (i == 0 or sentence[i - 1] != sentence[i]):
            return True  # "Child with handwriting difficulty generally avoids writing": a bare noun, any child
        if pair[0] == "parents" and pair[1] in _PARENTS_IN_GENERAL and (i == 0 or words[i - 1] not in _WHOSE_PARENTS):
            return True  # "Sometimes parents are told that …", "Parents often ask …": any parents, not the writer's
        return pair in _GENERAL and not (pair == ("a", "general") and words[i + 2:i + 3] == ["education"])

    yours = any(words[i:i + 2] == ["your", "child"] for i in range(len(words) - 1))
    if yours and _THEY & set(words) and not _PERSON & set(words):
        return True  # a guide speaks to any reader of "your child" and goes on with "they"; a school's letter says "he"
    def opens(i: int) -> bool:  # the sentence's first word, or its first after an adverb ("Importantly, TS …")
        return (i == 0 or sentence[i - 1] != sentence[i]
                or (words[i - 1].endswith("ly") and (i == 1 or sentence[i - 2] != sentence[i - 1])))

    defines = any(word in _CONDITION_NAMES and opens(i) and words[i + 1] in _DEFINES
                  for i, word in enumerate(words[:-1]))
    return defines or any(speaks_generally(i) for i in range(len(words) - 1))
