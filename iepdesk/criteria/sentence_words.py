"""The words that decide how a suggestion reads a sentence (iepdesk.criteria.suggest): what negates or hedges a
matched term, what ends that reach, and what names an area as the child's trouble."""

from __future__ import annotations

# Negation and hedging, NegEx-style (Chapman et al. 2001): a trigger before a matched term, within a few words
# and the same sentence, or a trigger just after it, puts the term out of evidence: "was not eligible", "no
# evidence of ADHD", "ADHD was ruled out", "family history of dyslexia", "if he has autism". A word such as "but"
# ends the trigger's reach. A term that holds its own negation ("not eligible") is matched as it is. Nor is a
# request or a parent's belief a finding ("requested that her son be classified…", "we requested 1:1 support", "I
# believe that he has a need for special education"), a party's contention ("Student contends…"), a possibility
# ("students with passing grades can be eligible", a guide's "students may become frustrated, fall behind"), a
# purpose ("to determine eligibility") or what a child was tested for ("an assessment to assess for an intellectual
# disability").
PRE_NEGATION = tuple(tuple(t.split()) for t in (
    "not", "no", "never", "none", "without", "denies", "denied", "deny", "ineligible", "nor", "neither", "cannot",
    "unable to rule in", "request that", "requests that", "requested", "requesting", "i believe", "asked that",
    "asks that", "contends",
    "contended", "contending", "asserts", "asserted", "asserting", "alleges", "alleged", "alleging", "argues", "argued",
    "arguing", "claims", "claimed", "claiming", "may wish to", "might wish to", "to consider",
    "suspected", "should have suspected", "suspect", "suspects", "can t diagnose", "won t diagnose",
    "don t diagnose", "do not diagnose", "can be", "could be", "may be", "may become", "may experience",
    "may struggle", "may develop", "may show", "may exhibit", "may display", "may fall", "may feel",
    "would be", "to determine", "determining", "to qualify", "to be identified", "possibility of", "risk factor for",
    "predisposed", "predisposes", "will lead to", "would lead to", "could lead to", "can lead to", "may lead to",
    "might lead to",  # what a cause may bring, not what is: "this could lead to behavior and focus issues"
    "no evidence of", "no signs of", "no sign of",
    "no indication of", "free of", "negative for", "absence of", "does not meet", "did not meet", "not meet",
    "rule out", "ruled out", "r o", "family history", "history in the family of", "mother has", "father has",
    "brother has", "sister has", "uncle has", "aunt has", "cousin has", "grandmother has", "grandfather has",
    "paternal", "maternal", "if", "whether", "unlikely", "possible", "questionable", "not consistent with",
    "inconsistent with", "isn t", "wasn t", "doesn t", "don t", "didn t", "aren t", "weren t", "hasn t", "haven t",
    "hadn t",
    "couldn t be", "can t be", "cannot be",  # "he couldn't be suspended"
    "does not", "did not", "do not",
    "is not", "was not", "are not", "were not", "might", "perhaps", "maybe", "for instance", "for example", "e g",
    "such as whether",
    "misconception", "myth", "assess for", "assessed for", "evaluate for", "evaluated for", "evaluation for",
    "refuses to find", "refused to find", "refuses to identify", "refused to identify", "refuse to find",
    "declined to find", "declines to find", "will not find",
    "test for", "tested for", "testing for", "screen for", "screened for", "assessment for", "evaluating for",
    "assessing for", "threatened to", "threatening to", "threaten to", "needed evidence that", "need evidence that",
    "needs evidence that", "required evidence that", "requires evidence that", "testing in the area of",
    "tested in the area of", "assess in the area of", "assessed in the area of", "evaluate in the area of",
    "evaluated in the area of", "don t think", "do not think", "don t believe", "do not believe", "necessary to be",
    "necessary to qualify", "required to be", "required to qualify",
    *(f"{verb} {whom} {preposition}" for verb in ("evaluate", "evaluated", "evaluating", "test", "tested",
                                                  "testing", "assess", "assessed", "assessing", "screen", "screened",
                                                  "screening")
      for whom in ("him", "her", "them") for preposition in ("for", "in"))))
POST_NEGATION = tuple(tuple(t.split()) for t in (
    "was ruled out", "were ruled out", "has been ruled out", "is ruled out", "ruled out", "was not found",
    "were not found", "not found", "is not present", "was not present", "were not present", "unlikely",
    "was denied", "were denied", "not supported", "was not observed", "were not observed", "not observed",
    "were remediated", "was remediated", "has resolved", "have resolved", "had resolved",
    "in dispute", "is disputed", "are disputed", "was rejected", "were rejected", "but rejected"))
# A condition reaches over its whole clause, to the comma that ends it, as ConText's hypothetical does: "If the
# district believes that your child does not have an impairment which substantially limits a major life activity,
# the district may refuse to evaluate him."
CONDITIONS = {"if", "unless", "whether"}
CONDITION_REACH = 30
# A finding denied reaches to the end of its sentence, however long: "the team did not find an adverse effect on
# educational performance requiring specially designed instruction". Not "does not demonstrate": "he does not
# demonstrate grade-level reading skills" states a trouble. So does evidence asked for: "the committee needed evidence
# that she was functioning below grade level or failing her classes".
FINDING_DENIED = tuple(tuple(t.split()) for t in (
    "did not find", "does not find", "do not find", "didn t find", "doesn t find", "found no", "finds no",
    "no evidence of", "no evidence that", "needed evidence that", "need evidence that", "needs evidence that",
    "required evidence that", "requires evidence that", "did not make a determination", "did not determine",
    "had not determined", "has not determined", "insufficient to find", "not sufficient to find", "not enough to find",
    "not qualify", "not eligible", "ineligible", "not need special", "not require special", "not need specially",
    "not require specially", "t need special", "t need specially", "family history", "history in the family",
    # a plan refused is not had: "the school refused to write a 504 plan"
    *(f"{refused} to {verb}" for refused in ("refused", "refuses", "refusing", "declined", "declines")
      for verb in ("provide", "write", "give", "offer", "develop", "create", "implement"))))
FINDING_REACH = 25
# A chart's or a table's labels, one to a line (a rating scale's profile: "Somatization", "Hyperactivity",
# "Depression" …): at least this many lines in a row, each of at most this many words.
CHART_LABEL_LINES, CHART_LABEL_WORDS = 6, 3
# After "and", the words that start a clause of its own, out of reach of a negation before it.
CLAUSE_STARTS = {"a", "an", "the", "his", "her", "their", "this", "that", "these", "those", "he", "she", "they", "it"}
# Progress that is itself the trouble: "poor progress in reading and written language".
SLOW = {"poor", "slow", "limited", "minimal", "little", "inadequate", "insufficient"}
# NegEx's pseudo-triggers: words that look like a negation and are not one ("PDD-not otherwise specified").
PSEUDO = (("not", "otherwise", "specified"), ("not", "only"), ("no", "change"), ("not", "necessarily"),
          ("no", "patience"), ("no", "secret"), ("never", "have", "been"), ("not", "have", "been"),
          ("t", "have", "been"), ("might", "as", "well"))
# "no patience for tasks requiring fine motor skills" names the hard task; "it's no secret that he struggles with
# ADHD" says he does; "she should never have been held back" says she was. A verb of knowing between a negation
# and what is known says the fact stands: "no teachers even know about his hearing loss".
KNOWING = {"know", "knows", "knew", "known", "aware", "realize", "realized", "realise", "realised", "notice", "noticed",
           "recognize", "recognized", "acknowledge", "acknowledged", "understand", "understood"}
# What denies a word of the child (PageText.denial): "he does not qualify", "she was never found eligible", "none of
# these are debilitating enough that he qualifies"; and what denies that denial again ("no one disputes that he is
# eligible", "the district did not contest his eligibility", "good grades do not rule out eligibility").
DENYING = {"not", "t", "no", "never", "none", "nor", "neither", "cannot", "denied", "denies", "denying"}
DOUBTING = {"dispute", "disputes", "disputed", "disputing", "contest", "contests", "contested", "contesting", "deny",
            "denies", "denied", "doubt", "doubts", "doubted", "question", "questioned", "challenge", "challenged",
            "rule", "rules", "ruled", "preclude", "precludes", "exclude", "excludes", "prevent", "prevents", "bar",
            "bars"}
# Nor is a denial a finding where it says a premise is not enough ("a diagnosis does not mean he needs an IEP",
# "doesn't guarantee eligibility", "does not result in automatic eligibility", "a diagnosis by itself does not make a
# student eligible"), that no decision was reached ("could not reach consensus on eligibility"), or where it is hedged
# ("he would probably not qualify").
NO_FINDING = {"mean", "means", "guarantee", "guarantees", "automatic", "automatically", "necessarily", "itself",
              "alone", "solely", "consensus", "probably", "likely", "possibly", "might", "may"}
ENDS_SCOPE = {"but", "however", "although", "though", "yet", "except", "which", "who", "whereas", "while",
               "because", "since", "aside", "despite"}
PRE_WINDOW, POST_WINDOW = 6, 4
REASON_NEGATION_WINDOW = 2  # a reason is denied by "not" just before it: "because he is not (yet) passing"
# Words that say the child has trouble in an area: "deficits in decoding, fluency and spelling", "delays in math
# reasoning", "poor reading comprehension", "it affects her reading", "reading difficulties". An area a rule names
# under ``difficulties`` counts (as a phrase) when it stands in the reach of one of these, in the same sentence and
# before a word such as "but": after a noun with its preposition ("difficulty with"), after a verb ("interferes
# with", "affects"), just after an adjective ("below average reading"), or just before a noun ("memory deficits").
# Score tables ("weakness  reading fluency  73", "low average  processing speed") are not sentences: a noun with
# no preposition after it, and "low average", reach nothing.
TROUBLE_NOUNS = {"deficit", "deficits", "difficulty", "difficulties", "delay", "delays", "weakness", "weaknesses",
                  "struggles", "struggled", "struggling", "struggle", "impairment", "impairments", "problem",
                  "problems", "trouble", "lags", "lagging", "deficiency", "deficiencies", "needs", "concerns",
                  "concern", "challenges", "errors"}
TROUBLE_VERBS = {"affect", "affects", "affected", "affecting", "interfere", "interferes", "interfered",
                  "interfering", "impact", "impacts", "impacted", "impacting", "hinder", "hinders", "hindered",
                  "avoid", "avoids", "avoided", "avoiding",  # "he would do whatever he could to avoid any writing"
                  "hates", "hated", "dreads", "dreaded",  # "my son hates to write", "she dreads reading aloud"
                  "impair", "impairs", "limits", "prevents",  # "impairs his ability to sustain attention"
                  "shuts", "melts"}  # "he shuts down when asked to write", "melts down at any writing task"
TROUBLE_ADJECTIVES = {"poor", "poorly", "low", "below", "weak", "delayed", "impaired", "deficient", "reduced",
                       "slow", "slowed", "immature", "behind", "limited"}
# An ability denied is the child's trouble, not a negated finding: "he can't sound out words", "unable to copy from
# the board", "his inability to sit and focus", "she doesn't know her letter sounds", "he has not learned his
# tables". (Each is read after the word before it: "can" "t", "not" "able".)
CANNOT = {("cannot",), ("can", "t"), ("couldn", "t"), ("could", "not"), ("unable", "to"), ("not", "able"),
          ("inability", "to"), ("t", "know"), ("not", "know"), ("t", "learned"), ("not", "learned"),
          ("never", "learned"), ("not", "yet"),  # "is not yet fluent with addition facts"
          ("not", "mastered"), ("t", "mastered"), ("barely",), ("hardly",),  # "he can barely read"
          ("without", "being")}  # "graduated without being able to read"
# Who refuses: the school ("The school refused to write a 504 plan") or the child ("the teacher said he refused to
# write"), whichever is named nearest before the refusal.
SCHOOL_STAFF = {"school", "district", "team", "teacher", "teachers", "principal", "administration", "administrator",
                "board", "committee", "staff", "psychologist", "counselor", "ard", "cse", "iep", "504"}
THE_CHILD = {"he", "she", "child", "son", "daughter", "student", "kid", "pupil", "boy", "girl", "teen"}
OTHERS = {"i", "we", "they", "you"}  # the writer or the teachers, not the child: "they can't read his writing"
QUOTE_REACH = 400  # characters looked back over for an open quotation mark (the child's own words quoted)
# An area said to be hard, as parents and teachers write it: "reading is hard for him", "her writing was always a
# mess", "math has been very difficult"; or read below or behind its level: "reading well below grade level".
PREDICATES = {"hard", "difficult", "tough", "challenging", "weak", "poor", "behind", "below", "slow", "laborious",
              "effortful", "delayed", "impaired", "illegible", "messy", "sloppy", "frustrating", "lower", "worse",
              "weaker", "slower", "terrible", "awful", "horrible", "atrocious", "bad", "struggle", "battle",
              "nightmare", "weakness", "deficit", "concern", "problem", "challenge", "lacks", "lacked", "lacking",
              "impossible", "brief", "low"}  # "memory is a relative weakness", "writing lacks organization",
# "… is brief", "her basic reading composite is in the low range" (not "low average", a score's range: trouble.areas)
COPULAS = {"is", "was", "are", "were", "been", "remains", "remained", "seems", "seemed", "became", "becomes",
           "fell", "falls", "fall"}  # "receptive language fell in the impaired range"
INTENSIFIERS = {"very", "so", "really", "extremely", "quite", "always", "still", "often", "particularly",
                "especially", "more", "much", "too", "incredibly", "significantly", "well", "far", "slightly",
                "way", "somewhat", "a", "bit", "little", "constant", "daily", "real", "huge", "relative", "significant",
                "major", "big", "an", "area", "of", "in", "the", "severely", "moderately", "mildly", "basically",
                "completely", "totally", "almost", "nearly"}
# An adverb a writer puts inside a phrase without changing it: "reads very slowly" is "reads slowly", "is still
# failing" is "is failing". One of these may stand between any two words of a phrase.
DEGREE_WORDS = ("very", "so", "really", "extremely", "quite", "too", "pretty", "incredibly", "terribly",
                "particularly", "especially", "rather", "fairly", "somewhat", "still", "often", "always", "usually",
                "frequently", "constantly", "consistently", "also")
# English puts a verb's -ing form after these with no preposition ("difficulty sequencing", "trouble paying
# attention"); not after "weakness" or "deficit", which a score table sets before an area ("Weakness  reading").
GERUND_TROUBLES = {"difficulty", "difficulties", "trouble", "problem", "problems", "time"}  # "a hard time counting"
# Trouble only with an -ing form after it: "an issue focusing"; "the issue in this case" is a question of law.
GERUND_ONLY = {"issue", "issues"}
PREPOSITIONS = {"in", "with", "of", "on", "at", "regarding", "involving", "including", "about"}
TROUBLE_WINDOW, ADJECTIVE_REACH, BEFORE_GAP, SCORE_REACH = 18, 4, 2, 5  # the last: "FSIQ) score of 67"
# What rules a cause out, as an evaluation's eligibility statement does (34 CFR 300.309(a)(3)): "the student's
# underachievement is not primarily the result of a vision, hearing, or motor impairment; … or lack of appropriate
# instruction". Every factor after such words, to the end of the sentence (across its semicolons), is ruled out; so
# is one shortly before "were ruled out". Not when the words are themselves denied ("could not be ruled out").
RULES_OUT = tuple(tuple(t.split()) for t in (
    "not primarily the result of", "not primarily a result of", "not the result of", "not a result of",
    "not primarily due to", "not due to", "not primarily caused by", "not caused by", "not attributable to",
    "not primarily attributable to", "ruled out"))
RULED_OUT_AFTER = tuple(tuple(t.split()) for t in (
    "was ruled out", "were ruled out", "has been ruled out", "have been ruled out", "are ruled out", "is ruled out",
    "was excluded", "were excluded", "is not a factor", "are not factors", "was not a factor", "were not factors"))
RULED_OUT_DENIED = {"cannot", "not", "never", "t", "unable"}  # "could not be ruled out", "can't be ruled out"
RULED_OUT_REACH, RULED_OUT_BACK = 45, 12

# A refusal and the reason given for it, as a parent writes it: "we applied for a 504 plan and got denied because
# she maintains her A's", "they turned us down since he is doing fine". A denial's ``reasons`` count after one of
# BECAUSE in a sentence that holds one of REFUSALS ("the reason she exited according to them is she is performing
# on grade level"); or before "doesn't mean" and its like ("a medical diagnosis of autism doesn't mean he needs an
# IEP"), which say a reason is not enough.
REFUSALS = tuple(tuple(t.split()) for t in (
    "denied", "denies", "deny", "denying", "refused", "refuses", "refuse", "refusing", "rejected", "rejects",
    "turned down", "turn down", "turned us down", "turned him down", "turned her down", "took away", "taken away",
    "take away", "declined", "declines", "not eligible", "ineligible", "not qualify", "doesn t qualify",
    "didn t qualify", "don t qualify", "won t qualify", "wouldn t qualify", "not need", "doesn t need", "don t need",
    "didn t need", "no need", "not needed", "cannot have an iep", "can t have an iep",
    "won t test", "won t evaluate", "not test", "not evaluate", "ignore", "won t help", "wouldn t help",
    "refuse to help", "refused to help", "not be eligible", "no reason to keep", "no reason to continue", "exited",
    "declassified", "dismissed from", "no longer eligible", "no longer qualifies", "no longer qualified"))
BECAUSE = tuple(tuple(t.split()) for t in ("because", "since", "due to", "based on", "based upon", "as long as",
                                           "stating", "saying", "the reason", "reason being", "citing",
                                           "on the ground that", "on the grounds that", "on the basis that"))
NOT_ENOUGH = tuple(tuple(t.split()) for t in (
    "doesn t mean", "does not mean", "don t mean", "do not mean", "doesn t guarantee", "does not guarantee",
    "isn t enough", "is not enough", "not enough to", "does not automatically", "doesn t automatically",
    "do not automatically", "don t automatically"))

# A grade named in words or figures ("second", "2nd", "grade 2", "grade-7"); a level below the child's own grade
# is trouble: "a sixth-grader who reads on a second-grade level", "going into grade-7, and reads at grade-2 level".
GRADES = {"kindergarten": 0, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
          "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
          **{f"{n}{suffix}": n for n, suffix in ((1, "st"), (2, "nd"), (3, "rd"), *((k, "th") for k in range(4, 13)))},
          **{str(n): n for n in range(1, 13)}}
# A grade equivalent written as a decimal is a level when one of these follows it: "reads at a 1.3 reading level",
# "at a 1.5 gl in gr. 4".
LEVELS = {"level", "gl", "ge"}
LEVEL_REACH = 5  # "reads at a first or second grade level": from the reading word to the level's grade

# The law's categories by name. Where four or more are named close together, the page lists the categories (a
# guide's "The categories include: Autism - Deaf-blindness - …", an eligibility form's boxes to tick), and no name in
# that list is a finding about the child.
CATEGORY_NAMES = tuple(tuple(t.split()) for t in (
    "autism", "deaf blindness", "deafness", "emotional disturbance", "emotional disability",
    "emotional behavioral disability", "hearing impairment", "intellectual disability", "multiple disabilities",
    "orthopedic impairment", "other health impairment", "specific learning disability", "learning disability",
    "speech or language impairment", "speech language impairment", "traumatic brain injury", "visual impairment",
    "developmental delay"))
CATEGORY_LIST_SIZE, CATEGORY_LIST_GAP = 4, 12
# What "@category" stands for in a rule's phrase ("an IEP for @category"): a category by its name or its short form,
# or a condition an IEP is commonly said to be "for" (ADHD, dyslexia, speech), as parents and decisions write it.
CATEGORY_WORDS = (*(" ".join(name) for name in CATEGORY_NAMES), "ohi", "sld", "ld", "ed", "ebd", "sli", "asd", "tbi",
                  "vi", "hi", "dd", "id", "emotionally disturbed", "learning disabled", "autistic", "adhd", "add",
                  "dyslexia", "speech", "speech and language", "speech language")
# The eight areas of a learning disability, as a form lists them for a box to be ticked: four or more in a row with
# nothing but spaces, slashes or boxes between ("Oral Expression Written Expression Listening Comprehension …"). A
# sentence that names them as the child's trouble puts commas and "and" between them.
AREA_NAMES = tuple(tuple(t.split()) for t in (
    "oral expression", "listening comprehension", "written expression", "basic reading skill", "basic reading skills",
    "reading fluency", "reading fluency skills", "reading comprehension", "mathematics calculation",
    "math calculation", "mathematics problem solving", "math problem solving", "mathematics reasoning",
    "math reasoning"))

# A score table's row: the scale, its numbers (a score, a percentile, a T-score for each rater), then its range.
# A scale whose range is one of these is not a trouble ("Depression 50 54 Average", "Word Reading 89 23 Average").
AVERAGE = {"average", "superior", "normal", "wnl"}
SCORE_ROW = 4  # numbers read after a scale's name

# Praise just before an area is not a trouble there: "perfect fine-motor skills", "good receptive language".
PRAISED = {"good", "perfect", "excellent", "strong", "intact", "great", "solid", "adequate", "typical", "normal"}

# The labels an IEP, a progress report or a 504 plan puts before an area of need: "Goal: writing complete sentences",
# "Area of need: math calculation", "Concerns: reading fluency", "Major life activities affected: eating".
HEADING_WORDS, HEADED_REACH = 4, 8  # "Phonological Awareness: J. cannot blend 4 phonemes" (trouble._headed)
NEED_LABELS = {"goal", "goals", "need", "needs", "concern", "concerns", "affected", "limited"}

# A skill done with low accuracy, as progress reports measure it: "multi-syllable words with 60% accuracy",
# "inferential questions (55% accuracy)". Below LOW_ACCURACY the skill named just before is the child's trouble.
LOW_ACCURACY, ACCURACY_REACH = 70, 6

# Words with no substance of their own (iepdesk.criteria.learned): a run of words made mostly of these ("he is in the
# area of") would be found anywhere.
FUNCTION_WORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "so", "yet", "if", "then", "than", "that", "this", "these", "those",
    "there", "here", "of", "in", "on", "at", "to", "for", "from", "by", "with", "without", "into", "onto", "over",
    "under", "about", "after", "before", "during", "between", "among", "through", "up", "down", "out", "off", "as",
    "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "doing", "have", "has",
    "had", "having", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "it", "its", "he",
    "him", "his", "she", "her", "hers", "they", "them", "their", "theirs", "we", "us", "our", "ours", "you", "your",
    "yours", "i", "me", "my", "mine", "who", "whom", "whose", "which", "what", "when", "where", "why", "how", "not",
    "no", "t", "s", "d", "ll", "ve", "re", "m", "also", "very", "too", "just", "only", "even", "still", "all", "any",
    "each", "every", "some", "such", "both", "either", "neither", "more", "most", "much", "many", "few", "other",
    "another", "same", "own", "one", "two", "three"})

# A sentence about many children names no trouble of this one: "Many students with attention concerns are successful
# with general education supports" (a school's reply, on the page of a letter about the child).
CHILDREN = {"students", "children", "kids"}
OTHER_CHILDREN = ({(many, "with") for many in CHILDREN}
                  | {(some, many) for some in ("many", "most", "some") for many in CHILDREN})

# What "reading" a person means: "trouble reading facial expressions", "reading social cues" (not reading text).
READ_PEOPLE = {"facial", "faces", "body", "social", "people", "emotions", "cues", "nonverbal", "others", "lips",
               "expressions"}

# A question opens with one of these ("Did the IEP deny a FAPE by: a. …; b. …?" asks all its list), or with a word
# that takes its facts as given ("Why is my son failing every class?" says he is).
ASKS = {"did", "does", "do", "is", "was", "were", "are", "has", "have", "had", "should", "can", "could", "will",
        "would", "whether"}
WH = {"why", "how", "what", "when", "where", "who", "which"}
SEEKS = {"any", "anyone", "anybody", "someone", "somebody", "thoughts", "advice", "ideas", "suggestions", "am", "may",
         "might", "must", "shall"}  # a question that opens with neither these nor ASKS nor WH is a statement
OPENERS = {"now", "so", "but", "and", "then", "well", "ok", "okay", "honestly", "seriously", "also"}  # "Now, why …?"
AND_OR = ("and", "or")
# What a teacher compares a lettered reading level with: "our benchmark for this time of year is level J".
BENCHMARKS = {"benchmark", "benchmarks", "expected", "expectation", "goal", "target", "should"}
