from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path
from typing import Any

import pytest

from iepdesk.criteria.catalogue import load_catalogue
from iepdesk.criteria.evidence import list_evidence, set_status
from iepdesk.criteria.rules import rules_for
from iepdesk.criteria.suggest import match_page, reason, run_suggestions, speaker, suggestions
from iepdesk.ingest import import_paths
from iepdesk.students import add_student, update_student
from iepdesk.vault import Vault
from tests.fixtures import docs

LABELLED = Path(__file__).parents[2] / "data" / "suggestions" / "pages.toml"
# Floors on the held-out half of the labelled pages (the match rules were tuned on the other half only).
# Suggestions are leads a parent reviews one by one: recall matters more than precision, but a list that is
# mostly wrong teaches people to ignore it. See the issue note for the figures behind these numbers.
# Measured on 2026-12-08: 0.48 (50/105) and 0.68 (50/73). The rules are tuned to real language now
# (test_real_language.py); these pages, written here with labels older than the need-prong elements, keep a
# floor that catches a collapse and leaves room for about five more wrong suggestions, not a target.
PRECISION_FLOOR = 0.45
RECALL_FLOOR = 0.50


def half(page_id: str) -> str:
    """A fixed split: rules are tuned on "tune" pages and judged on "held_out" pages."""
    return "tune" if hashlib.sha256(page_id.encode()).digest()[0] % 2 == 0 else "held_out"


def score(pages: list[dict[str, Any]], unjudged: set[str]) -> tuple[float, float, list[str]]:
    rules = rules_for(load_catalogue().criteria.values())
    tp = fp = fn = 0
    notes = []
    for page in pages:
        expected = set(page["expected"])
        found = {m.criterion_id for m in match_page(page["text"], rules)} - unjudged
        tp, fp, fn = tp + len(found & expected), fp + len(found - expected), fn + len(expected - found)
        if found != expected:
            notes.append(f"{page['id']}: missed {sorted(expected - found)}, extra {sorted(found - expected)}")
    return tp / max(1, tp + fp), tp / max(1, tp + fn), notes


def test_precision_and_recall_on_hand_labelled_pages() -> None:
    data = tomllib.loads(LABELLED.read_text("utf-8"))
    unjudged = set(data.get("unjudged", []))
    results = {}
    for part in ("tune", "held_out"):
        results[part] = score([p for p in data["page"] if half(p["id"]) == part], unjudged)
        precision, recall, _ = results[part]
        print(f"\nsuggestions, {part} pages: precision {precision:.2f}, recall {recall:.2f}")
    precision, recall, notes = results["held_out"]
    print(f"floors on held-out pages: precision {PRECISION_FLOOR}, recall {RECALL_FLOOR}")
    print("\n".join(notes))
    assert precision >= PRECISION_FLOOR and recall >= RECALL_FLOOR


def test_the_pages_are_labelled_with_real_elements() -> None:
    """A label no pack defines can never be suggested: it would count as a miss for ever."""
    data = tomllib.loads(LABELLED.read_text("utf-8"))
    elements = set(load_catalogue().criteria)
    unknown = [(page["id"], element) for page in data["page"] for element in page["expected"]
               if element not in elements]
    assert not unknown and set(data.get("unjudged", [])) <= elements


def test_variants_match_and_each_suggestion_says_why() -> None:
    rules = rules_for(load_catalogue().criteria.values())
    text = ("On the BRIEF 2 and the Conners-4, Sam's ratings were elevated. He was easily\n"
            "distracted and needed re-\ndirection to stay on task in class.")
    [match] = [m for m in match_page(text, rules) if m.criterion_id == "idea.ohi.limited_alertness"]
    assert any("BRIEF" in m for m in match.matched)
    assert "[" in match.snippet and "]" in match.snippet


def test_an_effect_on_school_is_a_lead_for_the_chosen_categories_own_effect(vault: Vault, inbox: Path) -> None:
    """The law asks each category for its own adverse effect; a page that shows the effect with no category named on
    it leads to the effect of each category the parent chose, and to none she did not choose."""
    path = docs.text_pdf(inbox / "discipline.pdf", ["Discipline record",
                                                    "He was suspended three times this year and is failing math."])
    item = import_paths(vault, [path]).results[0].item_id
    run_suggestions(vault, [item])
    assert {s.criterion_id for s in suggestions(vault, item)} & {"idea.general.educational_performance",
                                                                 "idea.ohi.adverse_effect"} == {
        "idea.general.educational_performance"}
    child = add_student(vault, "Sam Rivera")
    update_student(vault, child.id, categories=["idea.ohi", "idea.sld", "s504"])
    run_suggestions(vault, [item])
    found = {s.criterion_id: s for s in suggestions(vault, item)}
    assert "idea.ohi.adverse_effect" in found and "idea.ed.adverse_effect" not in found
    assert found["idea.ohi.adverse_effect"].matched == found["idea.general.educational_performance"].matched


def test_suggestions_are_stored_never_applied_and_a_rejection_sticks(vault: Vault, inbox: Path) -> None:
    path = docs.text_pdf(inbox / "eval.pdf", [
        "Neuropsychological Evaluation",
        "During testing Sam was easily distracted and off task; he needed frequent redirection. "
        "On the BRIEF-2 and the Conners-4 his attention ratings were clinically elevated.",
    ])
    item = import_paths(vault, [path]).results[0].item_id
    report = run_suggestions(vault, [item])
    found = suggestions(vault, item)
    assert report.new == len(found) > 0
    alert = next(s for s in found if s.criterion_id == "idea.ohi.limited_alertness")
    assert alert.page == 2 and alert.status == "suggested" and alert.matched
    assert all(e.status == "suggested" for e in list_evidence(vault))  # nothing accepted by itself
    set_status(vault, [alert.id], "rejected")
    again = run_suggestions(vault, [item])
    assert again.new == 0 and again.kept_rejected >= 1
    assert next(e for e in list_evidence(vault) if e.id == alert.id).status == "rejected"


def _found(text: str) -> set[str]:
    return {m.criterion_id for m in match_page(text, rules_for(load_catalogue().criteria.values()))}


def test_writing_about_anyone_is_not_evidence_about_the_child() -> None:
    """A guide's "he or she", "people with" and "adolescents with" speak of anyone: no element of a disability."""
    assert not _found("Someone with a learning disability may do well, but he or she may be substantially limited "
                      "in reading because of the time and effort he or she must spend to read.")
    assert not _found("Children and adolescents with food allergies are at risk; they must learn to recognize the "
                      "symptoms of anaphylaxis.")
    assert "idea.ohi.health_problem" in _found("She was diagnosed with a severe food allergy and carries an EpiPen.")
    # older and newer names of intellectual disability, as decisions of every decade use them
    assert "idea.id.intellect" in _found("His full scale IQ of 58 fell in the extremely low range, consistent with "
                                         "mild mental retardation.")
    assert "idea.id.intellect" in _found("She meets criteria for intellectual developmental disorder; her adaptive "
                                         "skills are far below her age.")


def test_a_child_named_by_initials_or_a_first_name_is_the_child_the_page_is_about() -> None:
    from iepdesk.criteria.about import names_a_child
    from iepdesk.criteria.reading import PageText

    assert "idea.ed.inappropriate_behavior" in _found("In the Spring of 2006, EK was expelled from that school for "
                                                      "fighting with another student.")
    assert "idea.general.educational_performance" in _found("Over the last week Katie's absences from school have "
                                                            "increased, all related to the stomachaches.")
    for text in ("J.C. was referred in May.", "A.D. has ADHD.", "Brandon's behavior worsened.", "LI was anxious."):
        assert names_a_child(PageText(text)), text
    for text in ("The District's policy was revised.", "Ms. Lee's class read a story.", "The U.S. Department wrote.",
                 "OT was provided twice a week.", "The IQ was 98.", "Students with ADHD may qualify."):
        assert not names_a_child(PageText(text)), text
    # the same words with nobody in them stay unfound
    assert "idea.ed.inappropriate_behavior" not in _found("Students are expelled from school for fighting.")


def test_a_snippet_keeps_the_pages_own_capitals() -> None:
    rules = rules_for(load_catalogue().criteria.values())
    text = "Per 34 CFR 300.8(c)(10), Sam requires specially designed instruction in reading."
    snippets = [m.snippet for m in match_page(text, rules)]
    assert snippets and all("CFR" in s and "Sam" in s for s in snippets), snippets
    # accents off as the words are read ("İ" is "I" once its dot is dropped)
    assert any(s.startswith("Istanbul.") for s in (m.snippet for m in match_page("İstanbul. " + text, rules)))


def test_a_question_of_eligibility_under_a_category_is_not_a_finding() -> None:
    assert "idea.general.category" not in _found("The team will reconsider his eligibility under Other Health "
                                                 "Impairment.")
    assert "idea.general.category" in _found("The team found him eligible under Other Health Impairment.")


def test_failing_miserably_is_not_misery() -> None:
    assert "idea.ed.pervasive_mood" not in _found("He failed that part of the test too miserably to be denied.")
    assert "idea.ed.pervasive_mood" in _found("She says she is miserable at school every day.")


def test_a_composite_score_is_not_a_composition() -> None:
    assert "idea.sld.area.written_expression" in _found("He shows deficits in composition.")
    assert "idea.sld.area.written_expression" not in _found("He shows deficits in composites.")


def test_words_that_only_begin_like_a_behavior_are_not_one() -> None:
    found = _found("He played kickball at recess in spite of the rain, wore his yellow coat and practiced cursive "
                   "letters with his aide.")
    assert "idea.ed.inappropriate_behavior" not in found, found


def test_a_sentence_that_opens_with_if_says_what_would_follow_not_what_is() -> None:
    assert "idea.general.category" not in _found("If they are severely impaired, they will qualify under IDEA and be "
                                                 "in special education.")
    # but "if he …, he …" says what this child does whenever it happens
    assert "idea.ed.inappropriate_behavior" in _found("If he is corrected, he has tantrums and outbursts.")
    # a guide's "a child is ineligible" is about no child; its reasons for saying no still are leads
    assert not _found("In some cases, the school will determine that a child is ineligible for services.")
    assert "denial.diagnosis_not_enough" in _found("Having ADHD alone doesn't guarantee eligibility for services.")


def test_research_and_lists_of_signs_speak_of_no_child() -> None:
    assert not _found("Signs of a concussion include: dizziness, headaches, difficulty concentrating, and "
                      "sensitivity to light.")
    assert not _found("Research shows that classroom noise harms reading comprehension and attention in children.")
    assert not _found("Common symptoms of ADHD include failure to listen to instructions and being impulsive.")
    assert not _found("When an individual presents with reading difficulties, problems are reported with decoding.")
    assert not _found("Our results showed academic dysfunction among concussed students a week after their injury.")
    assert not _found("Often, kids on the spectrum have a hard time accurately reading social interactions.")
    # the same signs in a child are the child's
    assert "s504.mla.concentrating" in _found("Since the concussion he has headaches and difficulty concentrating.")


def test_a_guide_that_speaks_of_a_child_then_of_the_child_is_about_no_child() -> None:
    found = _found("Refer a child for an OT evaluation when there are concerns about the child's fine motor or sensory "
                   "development, including whenever there is a diagnosis of autism.")
    assert not {c for c in found if c.startswith(("idea.aut", "s504.mla"))}, found
    # but a category given to this child "as a student with …" is this child's
    assert "idea.general.category" in _found("The student was classified as a student with a learning disability in "
                                             "second grade.")
    assert "idea.general.needs_sped" in _found("That year the student attended a general education preschool and "
                                               "received special education itinerant teacher services.")


def test_a_finding_is_not_the_process_that_leads_to_it_nor_its_purpose() -> None:
    assert "idea.general.category" not in _found("The team met to review his records and to determine eligibility "
                                                 "for him.")


def test_a_finding_is_not_the_process_that_leads_to_it() -> None:
    """Stems join "determined eligible" and "determining eligibility": the finding's words do not match the
    process's."""
    assert "idea.general.category" not in _found(
        "In determining eligibility, the IEP team only reviewed the criteria for EBD and found the student did not "
        "meet the criteria.")
    assert "idea.general.category" in _found("In May the student was determined eligible for special education.")


def test_an_if_clause_is_hypothetical_to_its_comma() -> None:
    conditional = ("If the school district believes that your child does not have a physical or mental impairment "
                   "which substantially limits a major life activity, the district may refuse to evaluate him.")
    assert "s504.actual" not in _found(conditional)
    assert "s504.actual" in _found("Her diabetes is an impairment which substantially limits a major life "
                                   "activity, eating, and the district agreed.")


def test_a_trouble_word_after_but_does_not_reach_back_over_it() -> None:
    assert "idea.general.educational_performance" not in _found(
        "The team found her condition did not significantly affect academic performance but acknowledged "
        "impairments under Section 504.")
    assert "idea.general.educational_performance" in _found("He has academic performance problems this year.")


def test_causes_the_team_rules_out_are_the_exclusions_it_shows() -> None:
    """300.309(a)(3)'s statement, as eligibility reports write it: each factor after "not primarily the result of"
    (across the sentence's semicolons) is ruled out, and so is one before "were ruled out"; not when the ruling out
    is itself denied."""
    found = _found("The team has determined that Mikayla's underachievement in reading is not primarily the result "
                   "of a vision, hearing, or motor impairment; a developmental cognitive disability; an emotional "
                   "or behavioral disorder; economic or cultural influences; limited English proficiency; or lack "
                   "of appropriate instruction in reading or math.")
    assert {"idea.sld.excl_vision_hearing_motor", "idea.sld.excl_intellectual", "idea.sld.excl_emotional",
            "idea.sld.excl_disadvantage", "idea.sld.appropriate_instruction"} <= found, found
    assert "idea.aut.excl_ed" not in found  # autism is not what the statement is about
    assert "idea.sld.excl_vision_hearing_motor" in _found(
        "For her reading difficulties, vision and hearing problems were ruled out by the school nurse's screening.")
    assert "idea.sld.excl_vision_hearing_motor" not in _found(
        "For her reading difficulties, a vision problem could not be ruled out; she has not seen an eye doctor.")
    assert "idea.sld.excl_emotional" not in _found(  # the ruling out ends with its sentence
        "His reading delay is not primarily the result of a hearing impairment. He has an emotional disability.")


def test_a_finding_of_not_eligible_is_a_lead_to_answer_never_proof_of_a_disability() -> None:
    found = _found("After reviewing the evaluation, the team found that he is not eligible for special education "
                   "and does not qualify under other health impairment.")
    assert found == {"denial.found_not_eligible"}, found
    found = _found("They told us she does not qualify for special education under the Specific Learning Disability "
                   "category.")
    assert found == {"denial.found_not_eligible"}, found
    found = _found("The team said he doesn't need special education for reading, writing and occupational therapy.")
    assert found == {"denial.found_not_eligible"}, found
    # what a finding concedes stands: the diagnosis after "despite" is the child's
    found = _found("The team found him ineligible despite his diagnosis of autism by Dr. Lee.")
    assert {"denial.found_not_eligible", "idea.aut.social"} <= found, found
    assert "idea.general.category" in _found("The team found that he is eligible for special education under "
                                             "other health impairment.")
    # a decision to take eligibility away is a finding of not eligible; a question about it finds nothing
    assert "denial.found_not_eligible" in _found("The committee declassified her in June and ended her speech "
                                                 "services.")
    assert "denial.found_not_eligible" not in _found("Is she no longer eligible for speech services?")
    # a due process issue asks about a premise it states: the district did not find him eligible
    assert "denial.found_not_eligible" in _found("Did the District deny Student a FAPE by not finding him "
                                                 "eligible for special education?")
    assert "denial.found_not_eligible" in _found("Her son was not classified as eligible for services.")
    assert "idea.sld.included_conditions" not in _found("The team found this student did not have dyslexia.")
    # a question the case is about is not its answer
    assert "idea.general.category" not in _found("His eligibility as a student with an other health impairment "
                                                  "is in dispute.")
    # "school refusal" (a fear of school) is not a school that refused
    assert "idea.ed.physical_symptoms_fears" not in _found("The school refused the parent's request; he was anxious.")
    assert "idea.ed.physical_symptoms_fears" in _found("His school refusal began in March; he was anxious.")


@pytest.mark.parametrize(("text", "denial"), [
    # eligibility, qualifying or a need for special education denied of the child, however the denial is worded
    ("We don't think he qualifies for special education, the team said.", True),
    ("The psychologist told me she has never qualified for anything.", True),
    ("None of these are considered debilitating enough that he qualifies for special education services.", True),
    ("They decided she is doing too well to qualify.", True),
    ("The team determined that Maya does not need specially designed instruction.", True),
    ("Did the District deny Student a FAPE by predetermining that he was not eligible?", True),
    ("The speech therapist decided that Riley will not qualify for speech services until she is eight.", True),
    # not a finding: denied again, a premise not enough, no decision, a hedge, a question, an if, children in general,
    # a denial undone later
    ("The district did not dispute that he was eligible.", False),
    ("I understand that good grades do not rule out eligibility.", False),
    ("A medical diagnosis of autism doesn't mean he needs an IEP.", False),
    ("A medical diagnosis by itself does not make a student eligible.", False),
    ("The team could not reach consensus on his eligibility.", False),
    ("She said he would probably not qualify.", False),
    ("Is he not eligible?", False),
    ("If he does not qualify, we will ask for a 504 plan.", False),
    ("Students with ADHD do not always qualify.", False),
    ("He was not found eligible until 2019.", False),
])
def test_a_denial_of_eligibility_in_any_words_is_the_finding_of_not_eligible(text: str, denial: bool) -> None:
    found = _found(text)
    assert ("denial.found_not_eligible" in found) == denial, found
    assert "idea.general.category" not in found, found


def test_a_denial_is_quoted_with_its_negation() -> None:
    """The reason a parent reads names the denial, not the word denied: "does not need …", never "need …"."""
    rules = rules_for(load_catalogue().criteria.values())
    for text, quote in (("Mr. Greer said Sam is passing and does not need specially designed instruction.",
                         "does not need specially designed instruction"),
                        ("We don't think he qualifies, the team said.", "don't think he qualifies")):
        match = next(m for m in match_page(text, rules) if m.criterion_id == "denial.found_not_eligible")
        assert match.matched == (quote,), match


@pytest.mark.parametrize(("text", "negated"), [
    ("Testing found no evidence of ADHD and no attention difficulties; his BRIEF-2 ratings were not elevated.", True),
    ("ADHD was ruled out; the Conners-4 and BRIEF-2 ratings were within normal limits.", True),
    ("There is a family history of dyslexia.", True),
    ("He was diagnosed with ADHD, combined presentation; the Conners-4 ratings were clinically elevated.", False),
])
def test_negated_and_hedged_findings_are_not_evidence(text: str, negated: bool) -> None:
    """A misconception is stated to be refuted: "a common misconception is that good grades rule out special
    education" is nobody's reason for saying no."""
    assert "denial.passing_grades" not in _found("For his parents, a common misconception is that good grades rule "
                                                 "out special education.")
    disability = {c for c in _found(text) if c.startswith(("idea.ohi", "idea.sld.included"))}
    assert (not disability) == negated, disability


def test_real_names_and_the_schools_own_records_are_found() -> None:
    assert any(c.startswith("idea.aut.") for c in _found("Dr. Kessler diagnosed him with Asperger's disorder."))
    assert "idea.sld.included_conditions" in _found("The outside evaluator concluded the student had dyslexia.")
    # the effect on school: the general element when the passage names no category, the category's own when it
    # names one (discipline is not itself a name of emotional disturbance)
    adverse = _found("This year he received three discipline referrals and an in-school suspension.")
    assert "idea.general.educational_performance" in adverse and not any(
        c.endswith("adverse_effect") for c in adverse), adverse
    adverse = _found("His anxiety led to three discipline referrals and an in-school suspension this year.")
    assert "idea.ed.adverse_effect" in adverse, adverse
    adverse = _found("Because of his ADHD he received three discipline referrals and an in-school suspension.")
    assert "idea.ohi.adverse_effect" in adverse, adverse
    assert "idea.general.needs_sped" in _found("The physicians recommended special education services and a "
                                               "one-to-one aide for the classroom.")


@pytest.mark.parametrize(("text", "element"), [
    ("He has type 1 diabetes and checks his blood sugar before lunch.", "idea.ohi.health_problem"),
    ("He was retained in second grade.", "idea.general.educational_performance"),
    ("His grades have declined from As to Ds this year.", "idea.general.educational_performance"),
    ("She is failing three classes.", "idea.general.educational_performance"),
    ("She spends most of the day in the nurse's office.", "idea.general.educational_performance"),
    ("She requires modified assignments in all classes.", "idea.general.needs_sped"),
    ("He was diagnosed with dysgraphia.", "idea.sld.included_conditions"),
    ("She was hospitalized for self-harm in March.", "idea.ed.pervasive_mood"),
    ("She stopped attending school in January after the bullying.", "idea.general.educational_performance"),
    ("He has 17 excused absences this semester.", "idea.general.educational_performance"),
    ("He keeps a B average in every class.", "denial.passing_grades"),
    ("The student was expelled for the rest of the year.", "idea.general.educational_performance"),
    ("The student was diagnosed with disruptive mood dysregulation disorder.", "idea.ed.pervasive_mood"),
    ("The teacher reported the student is often off-task and has difficulty interacting with peers.",
     "idea.ed.relationships"),
    ("The parent wrote of her concerns about the student's reading skills.", "s504.mla.reading"),
    ("Interventions were not working, and the student continued to make no progress.",
     "idea.sld.rti_nonresponse"),
    ("Despite receiving remedial assistance, she continued to lag behind her classmates.", "idea.sld.rti_nonresponse"),
    ("Her teacher expressed concern about her ability to pass the reading test.", "s504.mla.reading"),
    ("He had difficulty replicating sounds in words.", "idea.sli.communication_disorder"),
    ("Testing in kindergarten showed an IQ of 118.", "idea.sld.excl_intellectual"),
    ("He substitutes /t/ for /k/ in initial and final position in words and sentences.",
     "idea.sli.communication_disorder"),
    ("The district asked the hearing officer to remove him from special education.", "denial.found_not_eligible"),
    ("I have an autistic son in second grade.", "idea.aut.social"),
    ("Her doctor wrote that she is allergic to peanuts and carries an EpiPen.", "idea.ohi.health_problem"),
    ("He was suspended twice for fighting in the cafeteria.", "idea.ed.inappropriate_behavior"),
    ("He pushed his friend in the hallway during an altercation.", "idea.ed.inappropriate_behavior"),
    ("When a peer has a toy he wants, he will bite or scratch the peer.", "idea.ed.inappropriate_behavior"),
    ("She bangs her head on the desk when work is hard.", "idea.ed.inappropriate_behavior"),
    ("After his behaviors escalated, he was hospitalized.", "idea.ed.marked_degree"),
    ("Her attendance was inconsistent and then she quit going to school altogether.",
     "idea.general.educational_performance"),
    ("She struggled academically because of her depression.", "idea.ed.adverse_effect"),
    ("She did well in school in her elementary years.", "denial.passing_grades"),
    ("The teacher said that because she has a history of being a good reader, she will not qualify.",
     "denial.passing_grades"),
    ("They said there is nothing wrong with him and he doesn't qualify.", "denial.found_not_eligible"),
    ("She was leaving the classroom in tears most afternoons.", "idea.general.educational_performance"),
    ("She performed very poorly in the 9th grade, at a fourth-grade academic level.", "idea.sld.underachievement"),
    ("She was given a Section 504 plan on the basis of ADHD.", "idea.ohi.health_problem"),
    ("She has trouble keeping her hands to herself in line.", "idea.ed.inappropriate_behavior"),
    ("They are concerned with his poor progress in reading and written language.", "idea.sld.area.written_expression"),
    ("The spelling test shows difficulty with letter formation.", "s504.mla.performing_manual_tasks"),
    ("He was distracted often and rarely finished his work.", "s504.mla.concentrating"),
    # a negation does not reach over "and" into a clause of its own
    ("He did not have ADHD and his reading problems persist.", "s504.mla.reading"),
    ("Data are reviewed to determine eligibility and a medical diagnosis alone is insufficient.",
     "denial.diagnosis_not_enough"),
    ("The team says she no longer qualifies for special education.", "denial.found_not_eligible"),
    ("He has trouble with acting out in class and is sent home early every week.", "idea.ed.inappropriate_behavior"),
    ("He has trouble with acting out in class and is sent home early every week.",
     "idea.general.educational_performance"),
    ("We are still treating him for his autism and his mood disorder.", "idea.aut.social"),
    ("In 1999 he entered a partial hospitalization program for his behavioral problems.",
     "idea.ed.inappropriate_behavior"),
    ("Her separation difficulties showed in daily somatic complaints.", "idea.ed.physical_symptoms_fears"),
    ("He has received treatment for anxiety for most of his life.", "idea.ed.long_period"),
    ("The team found this student did not have a specific learning disability.", "denial.found_not_eligible"),
    ("She was generally performing at grade level in every subject.", "denial.passing_grades"),
    ("The neurologist diagnosed a concussion and head trauma after the fall.", "idea.tbi.acquired_external"),
    ("Her eligibility category was changed to a specific learning disability in written expression.",
     "idea.sld.area.written_expression"),
])
def test_the_words_schools_and_doctors_use_for_impact_and_need(text: str, element: str) -> None:
    """Issue 32's vocabulary: diagnoses by their names, and the signs of educational impact and need."""
    assert element in _found(text), _found(text)


@pytest.mark.parametrize(("text", "wanted", "unwanted"), [
    ("She exhibited deficits in decoding, encoding and math fluency.",
     {"idea.sld.area.basic_reading_skill", "idea.sld.area.written_expression", "idea.sld.area.math_calculation"},
     set()),
    ("He has memory deficits and processing disorders that have interfered with his acquisition of reading skills.",
     {"s504.mla.reading"}, set()),
    ("The student has needs in the areas of pragmatic language, speech-language, and motor coordination.",
     {"idea.sli.communication_disorder", "s504.mla.performing_manual_tasks"}, set()),
    ("She has no difficulty with decoding, but her reading comprehension is weak.", set(),
     {"idea.sld.area.basic_reading_skill"}),
    # a score table is not a sentence: "low average" reaches nothing (the fluency cluster itself is read by the
    # fluency rule, whose finding is reading's under Section 504 too)
    ("Weakness   reading fluency   WJ IV cluster 73   low average processing speed 84", set(),
     {"s504.mla.thinking"}),
    ("He was diagnosed with attention deficit hyperactivity disorder in third grade.", set(),
     {"s504.mla.concentrating"}),
    # English's -ing form after "difficulty" or "trouble", and "struggles to": the area is the child's trouble
    ("She has difficulty sequencing events and trouble recalling letter names.", {"idea.sld.process_disorder"},
     set()),
    ("He struggles to apply decoding strategies to new words.", {"idea.sld.area.basic_reading_skill"}, set()),
    ("She has persistent challenges in math calculation and a hard time counting by sevens.",
     {"idea.sld.area.math_calculation"}, set()),
    # "in general" opens a general statement only at the head of its sentence
    ("Sara has difficulties in general study skills, organization and time management.", {"s504.mla.thinking"},
     set()),
    ("At three she used immature grammar and had difficulty using pronouns.",
     {"idea.sli.communication_disorder", "idea.sld.area.oral_expression"}, set()),
    # two areas sharing their last word: "fine and gross motor skills" holds "fine motor"
    ("She has difficulties with attention and with fine and gross motor skills.",
     {"s504.mla.performing_manual_tasks"}, set()),
    ("He does not have fine and gross motor delays.", set(), {"s504.mla.performing_manual_tasks"}),
    # the law's words for the effect: a disability that affects the child's educational performance
    ("The team found her disability affects the student's reading performance.",
     {"idea.general.educational_performance"}, set()),
    ("Her condition adversely affect[ed] her educational performance.", {"idea.general.educational_performance"},
     set()),
    ("Her anxiety does not affect her educational performance.", set(), {"idea.general.educational_performance"}),
    ("We will discuss whether his ADHD may affect his academic performance.", set(),
     {"idea.general.educational_performance"}),
    # an ability denied is trouble, not a negated finding; but an if-clause still only supposes
    ("She cannot do basic math without help.", {"idea.sld.area.math_calculation"}, set()),
    ("If she cannot do basic math, she will need help.", set(), {"idea.sld.area.math_calculation"}),
    # an area said to be hard, or read below or behind its level, as parents and teachers write it
    ("Writing is very hard for him.", {"idea.sld.area.written_expression"}, set()),
    ("Writing is not hard for him.", set(), {"idea.sld.area.written_expression"}),
    ("Her handwriting was always messy.", {"s504.mla.performing_manual_tasks"}, set()),
    # an IEP or services "for" or "under" a category, however it is named, is a finding of eligibility; asked, not
    ("My daughter got an IEP for dyslexia last year.", {"idea.general.category"}, set()),
    ("He now has an IEP under OHI.", {"idea.general.category"}, set()),
    ("He receives special education services under the autism category.", {"idea.general.category"}, set()),
    ("Does she need an IEP for ADHD?", set(), {"idea.general.category"}),
    # what a cause could lead to is not what is; what it leads to is
    ("In a noisy room this will lead to behavior and focus issues.", set(), {"s504.mla.concentrating"}),
    ("Untreated anxiety can lead to school refusal.", set(), {"idea.ed.physical_symptoms_fears"}),
    # a child's school refusal is a fear tied to school problems (34 CFR 300.8(c)(4)(i)(E)) and an effect on school
    ("She has refused to go to school for two weeks.",
     {"idea.ed.physical_symptoms_fears", "idea.general.educational_performance"}, set()),
    # behaviour is no emotional disturbance named: its effect on school is the general element's, as real.toml's
    # conventions have it; a condition said to cause the effect is the category's
    ("He is frequently aggressive and was suspended twice this year.", {"idea.general.educational_performance"},
     {"idea.ed.adverse_effect"}),
    ("Her depression has caused her grades to drop.", {"idea.ed.adverse_effect"}, set()),
    # a referral to the school's support team is no refusal; being told to go through it first is
    ("Mom asked about an evaluation; I will submit a referral to the student support team.", set(),
     {"denial.rti_first"}),
    ("The school told us he has to go through the student support team process before they will test him.",
     {"denial.rti_first"}, set()),
    # a contraction is one word as written: its "not" reaches as far as a "not" would; not past what is understood
    ("I don't see any behavior or attention issues.", set(), {"s504.mla.concentrating"}),
    ("They didn't understand the severity of his speech delay.", {"s504.mla.speaking"}, set()),
    # dyslexia found is trouble reading; another condition a learning disability includes is not
    ("Doctors diagnosed the child with ADHD and dyslexia.", {"idea.sld.included_conditions", "s504.mla.reading"},
     set()),
    ("He was diagnosed with dysgraphia in third grade.", {"idea.sld.included_conditions"}, {"s504.mla.reading"}),
    # a speech or language impairment found in speech is trouble speaking, in language trouble communicating
    ("Her intelligibility is decreased for her age.", {"idea.sli.communication_disorder", "s504.mla.speaking"},
     {"s504.mla.communicating"}),
    ("She never uses sentences, only phrases.", {"idea.sli.communication_disorder", "s504.mla.communicating"},
     set()),
    # a condition of a body system named as the child's health problem is a limit of bodily functions too
    ("Her physician diagnosed concussion, head trauma, migraines.",
     {"idea.ohi.health_problem", "s504.mla.bodily_functions"}, set()),
    ("She was diagnosed with ADHD.", {"idea.ohi.health_problem"}, {"s504.mla.bodily_functions"}),
    # handwriting alone is a motor skill, which a learning disability leaves out (34 CFR 300.8(c)(10)(ii))
    ("My 8th-grade son's handwriting is illegible and slow.", {"s504.mla.performing_manual_tasks"},
     {"idea.sld.area.written_expression"}),
    ("She is reading well below grade level.", {"s504.mla.reading"}, set()),
    ("He is behind in spelling.", {"idea.sld.area.written_expression"}, set()),
    ("He is at a 7th grade level in many subjects, and below that in reading and writing.",
     {"s504.mla.reading", "idea.sld.area.written_expression"}, set()),
    ("His reading skills are lower than those of most of his classmates.", {"s504.mla.reading"}, set()),
    ("He has limited phonics skills.", {"idea.sld.area.basic_reading_skill"}, set()),
    ("My third-grader is a smart boy but has a very difficult time with reading.", {"s504.mla.reading"}, set()),
    # a reading level below the child's own grade, however the grades are written; not one above it
    ("I have an 11-year-old who is in the sixth grade and reads on a second-grade level.",
     {"s504.mla.reading", "idea.sld.underachievement"}, set()),
    ("My son is going into grade-7, and reads at grade-2 level.", {"s504.mla.reading"}, set()),
    ("She is in fifth grade and reads at a seventh grade level.", set(), {"s504.mla.reading"}),
    ("My child is in 6th grade reading at a 1.3 reading level.", {"s504.mla.reading", "idea.sld.underachievement"},
     set()),
    ("He is in 2nd grade and reads at a 4.5 grade level.", set(), {"s504.mla.reading", "idea.sld.underachievement"}),
    # what a child avoids is hard for the child
    ("When he was first learning to write he would do whatever he could to avoid doing any writing.",
     {"idea.sld.area.written_expression"}, set()),
    # a skill done with low accuracy, as progress reports measure it; not one done well
    ("John reads one syllable words with 90% accuracy and multi-syllable words with 60% accuracy.",
     {"idea.sld.area.basic_reading_skill"}, set()),
    ("He answers inferential questions with 85% accuracy.", set(), {"idea.sld.area.reading_comprehension"}),
    # what an IEP or a progress report labels as a goal or a need
    ("Goal: writing complete sentences. Progress: making progress to meet the goal.",
     {"idea.sld.area.written_expression"}, set()),
    ("Area of need: math calculation. Baseline: 4 of 10 problems correct.", {"idea.sld.area.math_calculation"},
     set()),
    ("Strengths: math calculation. He enjoys science.", set(), {"idea.sld.area.math_calculation"}),
    # "an issue focusing" is trouble; "the issue in this case" is a question of law
    ("The teacher feels that my son has an issue focusing.", {"s504.mla.concentrating"}, set()),
    ("The issue in this case is whether the student's attention and focus were evaluated.", set(),
     {"s504.mla.concentrating"}),
    # "multiple disabilities" and "additionally" share their stems with the operations: not math trouble
    ("She has multiple disabilities; additionally, he had difficulty sequencing.", set(),
     {"idea.sld.area.math_calculation"}),
])
def test_an_area_counts_where_a_sentence_names_it_as_the_childs_trouble(text: str, wanted: set[str],
                                                                         unwanted: set[str]) -> None:
    found = _found(text)
    assert wanted <= found and not unwanted & found, found


def test_suggestions_are_ranked_and_the_weaker_ones_listed_only_on_request(vault: Vault, inbox: Path) -> None:
    path = docs.text_pdf(inbox / "eval.pdf", [
        "He seems withdrawn and isolated at lunch.",  # words only, just at the bar: a weaker suggestion
        "On the Conners-4 his attention ratings were clinically elevated; he was diagnosed with ADHD.",
    ])
    item = import_paths(vault, [path]).results[0].item_id
    run_suggestions(vault, [item])
    everything, strong = suggestions(vault, item), suggestions(vault, item, weaker=False)
    weaker = [s for s in everything if s.weaker]
    assert [(s.criterion_id, s.page, s.score) for s in weaker] == [("idea.ed.relationships", 1, 2)]
    assert {s.id for s in strong} == {s.id for s in everything} - {weaker[0].id} and strong
    assert all(s.score and s.score >= 2 for s in everything)


def test_the_reason_says_who_writes_what_on_which_page() -> None:
    assert reason(("clinically elevated",), 4, speaker("evaluation", "independent")) == \
        "The evaluator writes “clinically elevated” on page 4."
    assert reason(("off task", "redirect*"), 2, speaker("correspondence", "school")) == \
        "The school writes “off task” and “redirect” on page 2."
    assert speaker("correspondence", "parent") == "You wrote" and speaker(None, None) == "The page says"
    # a reply that quotes the earlier message: the quoted words are not the sender's
    quoted = "…wrote: > Hi Ms. Rivera, > > I wanted to reach out because Sam has [not] turned in his homework…"
    assert reason(("not turned in",), 1, "You wrote", quoted) == "A message quoted here says “not turned in” on page 1."
    assert reason(("below",), 3, "The evaluator writes", "His FSIQ > 85 and reading is [below] average.") == \
        "The evaluator writes “below” on page 3."


def test_trouble_in_a_reading_skill_is_trouble_reading_under_section_504_too() -> None:
    """s504.mla.reading follows the three SLD reading areas (its own description: sounding out, reading smoothly,
    understanding what was read): a page that shows one shows it, with the same words and snippet."""
    rules = rules_for(load_catalogue().criteria.values())
    matches = {m.criterion_id: m for m in match_page("He has trouble sounding out words.", rules)}
    assert matches["s504.mla.reading"].snippet == matches["idea.sld.area.basic_reading_skill"].snippet
    assert matches["s504.mla.reading"].matched == matches["idea.sld.area.basic_reading_skill"].matched
    assert "s504.mla.reading" not in _found("He has no trouble sounding out words.")


@pytest.mark.parametrize(("text", "wanted", "unwanted"), [
    ("We applied for a 504 plan and got denied because she maintains her A's.", {"denial.passing_grades"}, set()),
    ("The school turned us down since he needs to finish the reading intervention first.", {"denial.rti_first"},
     set()),
    ("A medical diagnosis of autism doesn't mean he needs an IEP.", {"denial.diagnosis_not_enough"}, set()),
    ("The school psychologist said she cannot have an IEP since she is not behind.",
     {"denial.found_not_eligible", "denial.passing_grades"}, set()),
    ("The district refuses to give him services based upon the fact that he is functioning at grade level.",
     {"denial.found_not_eligible", "denial.passing_grades"}, set()),
    # no reason given for the refusal; a reason denied; a refusal only supposed
    ("They denied our request even though his grades were falling.", set(), {"denial.passing_grades"}),
    ("They refused to evaluate him because he is not doing well in class yet.", set(), {"denial.passing_grades"}),
    ("If they deny it because of her grades, we will appeal.", set(), {"denial.passing_grades"}),
])
def test_the_reason_given_for_a_refusal_is_the_denial_to_answer(text: str, wanted: set[str],
                                                                 unwanted: set[str]) -> None:
    """A parent writes down why the school said no ("denied because her grades are good"); the reason is the lead
    for the denial it matches, whatever the words (a denial's ``reasons``)."""
    found = _found(text)
    assert wanted <= found and not unwanted & found, found


def test_a_reason_quotes_the_page_not_the_rule() -> None:
    """'The evaluator writes “…”' must be what the evaluator wrote: the page's own words and capitals, each once
    (a stemmed rule "distractible" found "distracted"; "sight words" found "Sight Word Efficiency")."""
    rules = rules_for(load_catalogue().criteria.values())
    text = "Sam is easily distracted and inattentive in class; his Sight Word Efficiency score of 78 is weak."
    matches = {m.criterion_id: m for m in match_page(text, rules)}
    assert matches["s504.mla.concentrating"].matched == ("easily distracted", "inattentive")
    assert matches["idea.sld.area.basic_reading_skill"].matched == ("Sight Word Efficiency",)
    assert all(quote in text for m in matches.values() for quote in m.matched)
    # words found twice in different capitals are one quote, never none
    text = "Working Memory Index 72. Her working memory is weak."
    process = next(m for m in match_page(text, rules) if m.criterion_id == "idea.sld.process_disorder")
    assert [q.lower() for q in process.matched] == ["working memory"]


PLAIN = {  # what a parent or a teacher writes in one short sentence, and the element it shows
    "He has a hearing loss.": "idea.hi.impairment", "My daughter is hard of hearing.": "idea.hi.impairment",
    "She is legally blind.": "idea.vi.impairment", "He has low vision.": "s504.mla.seeing",
    "He has epilepsy.": "idea.ohi.health_problem", "She has asthma.": "idea.ohi.health_problem",
    "He has sickle cell anemia.": "idea.ohi.health_problem", "She has cerebral palsy.": "idea.oi.severe_impairment",
    "He has spina bifida.": "idea.oi.severe_impairment", "He is on the autism spectrum.": "idea.aut.social",
    "She has an intellectual disability.": "idea.id.intellect", "His IQ is 62.": "idea.id.intellect",
    "He has Down syndrome.": "idea.id.dev_period", "He is failing math.": "idea.general.educational_performance",
    "She has trouble breathing.": "s504.mla.breathing", "He cannot sleep at night.": "s504.mla.sleeping",
    "She cuts herself.": "idea.ed.pervasive_mood", "He hits other children.": "idea.ed.inappropriate_behavior",
    "She cries every day at school.": "idea.ed.pervasive_mood", "He has OCD.": "idea.ed.physical_symptoms_fears",
    "He reads very slowly.": "idea.sld.area.reading_fluency", "He needs a one-to-one aide.": "idea.general.needs_sped",
    "He doesn't make eye contact.": "idea.aut.social", "His spelling is terrible.": "idea.sld.area.written_expression",
    "She has a hard time making friends.": "idea.ed.relationships", "He got three F's on his report card.":
    "idea.general.educational_performance", "They told us he has to finish RTI before they will test him.":
    "denial.rti_first", "The neuropsychologist diagnosed her with dyslexia.": "idea.sld.included_conditions",
    "She is very sensitive to loud noises.": "idea.aut.associated", "He refuses to do his work.":
    "idea.ed.inappropriate_behavior", "He gets tired easily.": "idea.ohi.limited_alertness",
    "He can't copy from the board.": "s504.mla.performing_manual_tasks", "She can't tie her shoes.":
    "s504.mla.performing_manual_tasks", "She can't carry her backpack.": "s504.mla.lifting",
    "He gets winded in PE.": "s504.mla.breathing", "He has trouble chewing and swallowing.": "s504.mla.eating",
    "He can't remember what he learned yesterday.": "s504.mla.learning", "She has an aide in class.":
    "idea.general.needs_sped", "He scored below basic on the state test.": "idea.general.educational_performance",
    "She has no one to play with at recess.": "idea.ed.relationships", "She can't tell time.":
    "idea.sld.area.math_problem_solving",
    # and what a parent writes down of what the school said
    "The principal said her grades are too good for special education.": "denial.passing_grades",
    "They said he is too young to be tested for dyslexia.": "denial.insufficient_data",
    "They said a doctor's diagnosis of ADHD doesn't automatically qualify him.": "denial.diagnosis_not_enough",
    "They said his behavior is a discipline problem, not a disability.": "denial.academics_only",
    "The school denied our request for an IEP.": "denial.found_not_eligible",
    "He qualified for an IEP under the category of autism.": "idea.general.category",
    "He didn't walk until he was two.": "idea.dd.delay", "Reading is a constant struggle for him.": "s504.mla.reading",
    "She can read the words but can't tell you what the story was about.": "idea.sld.area.reading_comprehension",
    "She has trouble finding the right words.": "idea.sld.area.oral_expression",
    # behavior, and what a condition does at school
    "He threw a chair at his teacher.": "idea.ed.inappropriate_behavior", "He bites other children at recess.":
    "idea.ed.inappropriate_behavior", "She had an outburst in math class.": "idea.ed.inappropriate_behavior",
    "She has been sent home three times this month.": "idea.general.educational_performance",
    "He is tardy almost every day.": "idea.general.educational_performance",
    "His attendance has been poor since October.": "idea.general.educational_performance",
    "Her work completion is very low.": "idea.general.educational_performance",
    "She reads above grade level.": "denial.passing_grades", "He gets decent grades.": "denial.passing_grades",
    "She was restrained three times this "
    "month.": "idea.ed.inappropriate_behavior", "She says she hates herself.": "idea.ed.pervasive_mood",
    "He throws up before school.": "idea.ed.physical_symptoms_fears", "He is terrified of his teacher.":
    "idea.ed.physical_symptoms_fears", "She fights with her classmates every day.": "idea.ed.relationships",
    "He can't sit still in class.": "s504.mla.concentrating", "She is always tired at school.":
    "idea.ohi.limited_alertness", "She misses a lot of school because of her asthma.": "idea.ohi.adverse_effect",
    "Because of his hearing loss he misses what the teacher says.": "idea.hi.adverse_effect",
    "She can't read the textbook because of her vision.": "idea.vi.adverse_effect",
    "The other kids can't understand him, so he won't talk in class.": "idea.sli.adverse_effect",
    "She can't get to her classes on time because of her wheelchair.": "idea.oi.adverse_effect",
    "Since the accident he can't remember things.": "idea.tbi.functional_impairment",
    "He can't dress himself at age 10.": "idea.id.adaptive",
    # a sign of the trouble needs no other word; an ability not learned is a trouble
    "He guesses at words instead of sounding them out.": "idea.sld.area.basic_reading_skill",
    "Her reading is slow and choppy.": "idea.sld.area.reading_fluency",
    "His handwriting is illegible.": "s504.mla.performing_manual_tasks",
    "She spells words the way they sound.": "idea.sld.area.written_expression",
    "She still counts on her fingers to add.": "idea.sld.area.math_calculation",
    "He doesn't know his math facts in fifth grade.": "idea.sld.area.math_calculation",
    "He has not learned his multiplication tables.": "idea.sld.area.math_calculation",
    "Strangers cannot understand her speech.": "idea.sli.communication_disorder",
    "He stutters when he talks in class.": "idea.sli.communication_disorder",
    "He had a concussion playing football.": "idea.tbi.acquired_external",
    "He doesn't respond to his name.": "idea.aut.social", "She does not understand social cues.": "idea.aut.social",
    "He needs specialized instruction in reading.": "idea.general.needs_sped",
    "They told us she isn't eligible for special education.": "denial.found_not_eligible",
    "The district said my son doesn't need special education.": "denial.found_not_eligible",
    "He can't get along with other kids.": "idea.ed.relationships",
    "The reading intervention didn't work.": "idea.sld.rti_nonresponse",
    "She cannot follow multi-step directions.": "s504.mla.thinking",
    "He doesn't understand directions given out loud.": "idea.sld.area.listening_comprehension",
    "She doesn't know which operation to use.": "idea.sld.area.math_problem_solving",
    "He doesn't remember what he read.": "idea.sld.area.reading_comprehension",
    "He has asthma attacks during PE.": "s504.mla.breathing", "He plays alone at recess.": "idea.aut.social",
    "He repeats lines from movies.": "idea.aut.communication", "She takes everything literally.":
    "idea.aut.communication", "He lines up his toys for hours.": "idea.aut.associated",
    "He cries and begs not to go to school.": "idea.ed.physical_symptoms_fears",
    "These behaviors have gone on since first grade.": "idea.ed.long_period",
    # a phrase written of a boy holds of a girl, and "doesn't" is "does not"
    "She does not know her letter sounds.": "idea.sld.area.basic_reading_skill",
    "She doesn't respond to her name.": "idea.aut.social", "He does not make eye contact.": "idea.aut.social",
    # "can be" said of the child tells how he is
    "He can be forgetful and disorganized; homework takes him twice the time.": "s504.mla.thinking",
    "She is in danger of failing math.": "idea.general.educational_performance",
    "He misses a week of school each month.": "idea.general.educational_performance",
    "He can only say a few words.": "idea.sli.communication_disorder",
    # "#" in a phrase is any number
    "He had only 15 words at age two.": "idea.dd.delay", "She was suspended 4 times in October.":
    "idea.general.educational_performance", "He is 3 grade levels behind in math.": "idea.sld.underachievement",
    # the school's reasons, a record of an IEP, the 504 activities and each condition's effect, as parents say them
    "The principal said he needs to go through Tier 2 first.": "denial.rti_first",
    "They said his behavior is a choice, not a disability.": "denial.academics_only",
    "He had an IEP in his old school.": "s504.record", "She uses crutches to get around school.": "s504.mla.walking",
    "He has insomnia and is exhausted every morning.": "s504.mla.sleeping",
    "He can't tie his shoes or zip his coat.": "s504.mla.caring_for_oneself",
    "She can't tell us what she needs.": "s504.mla.communicating",
    "He has to check his blood sugar at school.": "s504.mla.bodily_functions",
    "Because of his hearing loss he can't follow class discussions.": "idea.hi.adverse_effect",
    "Her ADHD makes it impossible for her to finish tests.": "idea.ohi.adverse_effect",
    "Her depression has caused her grades to drop.": "idea.ed.adverse_effect",
    "He told the counselor he hates his life.": "idea.ed.pervasive_mood",
    "She gets stomachaches every morning before school.": "idea.ed.physical_symptoms_fears",
    # as an evaluation puts it
    "Sam demonstrates significant weaknesses in phonemic awareness.": "idea.sld.process_disorder",
    "Her written expression score was in the Below Average range.": "idea.sld.area.written_expression",
    "Working memory is a relative weakness.": "s504.mla.thinking",
    "She has had 12 office discipline referrals this year.": "idea.ed.inappropriate_behavior",
    "Repetitive motor mannerisms were observed.": "idea.aut.associated",
    "He has received a diagnosis of a reading disorder.": "idea.sld.included_conditions",
    # the law's own words speak of this child, not of children in general
    "The dispute is whether the student, who was diagnosed with ADHD, is a student with a disability under the "
    "Individuals with Disabilities Education Act.": "idea.ohi.health_problem",
    # as a decision puts it
    "Her academic performance deteriorated after the move.": "idea.general.educational_performance",
    "The student's attendance declined and he earned no credits that year.": "idea.general.educational_performance",
    "He required a more supportive setting with a smaller class size.": "idea.general.needs_sped",
    "She required integrated co-teaching services in math and English.": "idea.general.needs_sped",
    "The student was involved in several altercations with peers.": "idea.ed.inappropriate_behavior",
    "His written output is minimal.": "idea.sld.area.written_expression",
    "They punished him for tics caused by his TS.": "idea.ohi.health_problem",
    "In second grade she needed extra reading help.": "s504.mla.reading",
    "Today he bit his teacher and was throwing things.": "idea.ed.inappropriate_behavior",
    # as a doctor's letter puts it
    "I have been treating Sam for attention-deficit/hyperactivity disorder since 2023.": "idea.ohi.health_problem",
    "His medication causes significant fatigue in the afternoon.": "idea.ohi.limited_alertness",
    "He requires access to his inhaler at all times.": "s504.mla.breathing",
    "He needs unrestricted access to the bathroom due to his Crohn's disease.": "s504.mla.bodily_functions",
    "She is unable to climb stairs and needs elevator access.": "s504.mla.walking",
    "Other people have difficulty understanding her.": "s504.mla.speaking",
    "She never uses sentences, only phrases.": "idea.sli.communication_disorder",
    "She just tested out of speech at school.": "denial.found_not_eligible",
    "Your child has panic attacks at school and refuses to go most mornings.": "idea.ed.physical_symptoms_fears",
    "His asthma has resolved but his ADHD has not.": "idea.ohi.health_problem",
    "The school identified her as a student with dyslexia.": "idea.sld.included_conditions",
    "His dyslexia has never been addressed at school.": "idea.sld.included_conditions",
    "She cannot stand for more than a few minutes because of her joint pain.": "s504.mla.standing",
    "He is not allowed to lift more than ten pounds after his surgery.": "s504.mla.lifting",
    "She cannot bend down to pick things up.": "s504.mla.bending",
    "He wakes up several times a night and is exhausted at school.": "s504.mla.sleeping",
    # a count in words is a count ("failed three of his classes", "suspended several times")
    "He failed three of his core classes last year.": "idea.general.educational_performance",
    "She was restrained several times in October.": "idea.ed.inappropriate_behavior",
    "Her grades fell from As and Bs to Ds and Fs.": "idea.general.educational_performance",
    "She has difficulty understanding social cues.": "idea.aut.social",
    "The CELF-5 core language score was 72.": "idea.sli.communication_disorder",
    "The accommodations were not enough, and he kept falling further behind.": "idea.general.needs_sped",
    "He has been identified as a student with a specific learning disability.": "idea.general.category",
    "The district said a diagnosis of ADHD alone does not make a student eligible.": "denial.diagnosis_not_enough",
    "The team said it did not have enough information to decide.": "denial.insufficient_data",
    # as an IEP's present levels, a teacher's note or a parent puts it
    "She is at risk of not graduating on time.": "idea.general.educational_performance",
    "His A's in math became C's.": "idea.general.educational_performance",
    "General education interventions have not been successful.": "idea.general.needs_sped",
    "She talks back to teachers and refuses to comply with adult requests.": "idea.ed.inappropriate_behavior",
    "He has said several times that nobody would care if he were gone.": "idea.ed.pervasive_mood",
    "He takes language very literally and does not understand jokes or sarcasm.": "idea.aut.communication",
    "He can read the words but does not understand what he has read.": "idea.sld.area.reading_comprehension",
    "She has not responded to the reading intervention.": "idea.sld.rti_nonresponse",
    "They want to try more interventions before they will test him.": "denial.rti_first",
    # the school's reasons for saying no, in its own words or as a parent retells them
    "The CSE determined that the student does not require special education services at this time.":
        "denial.found_not_eligible",
    "They denied him a 504 plan.": "denial.found_not_eligible",
    "Prior Written Notice: the district refuses to identify the student as eligible.": "denial.found_not_eligible",
    "The school said his grades are too high for him to qualify.": "denial.passing_grades",
    "Because she earns As and Bs, the committee said her disability does not affect her education.":
        "denial.passing_grades",
    "We were told that emotional problems at home are not the school's responsibility.": "denial.academics_only",
    "They said we have to go through the SST before any testing.": "denial.rti_first",
    "They told us to wait until second grade to see if she catches up.": "denial.insufficient_data",
    "They said autism is a medical diagnosis and the school uses different criteria.": "denial.diagnosis_not_enough",
    "They said his issues aren't severe enough for an IEP.": "denial.found_not_eligible",
    "They dropped him from speech last year.": "denial.found_not_eligible",
    "They said she's too high functioning for an IEP.": "denial.passing_grades",
    "The school says her anxiety is something for us to handle at home.": "denial.academics_only",
    # a question that opens with "why" or "what" takes its facts as given; a yes-or-no question does not
    "Why is my son failing every class?": "idea.general.educational_performance",
    "What should I do about my daughter who has autism?": "idea.aut.social",
    # a parent speaks of her own child
    "My child is failing every class.": "idea.general.educational_performance",
    "Our kid got suspended twice this year.": "idea.general.educational_performance",
    # a first name in the middle of a sentence, doing or being something
    "The doctor wants to know why Kate is not doing well in school.": "idea.general.educational_performance",
    # a decision's pseudonym, a teacher's "this child"
    "Student was suspended five times during the 2019-2020 school year.": "idea.general.educational_performance",
    "This child is failing every class.": "idea.general.educational_performance",
    # a report card's or a progress note's comments leave the child out
    "Needs frequent reminders to stay focused during independent work time.": "s504.mla.concentrating",
    "Struggles to remain on task.": "s504.mla.concentrating",
    "Frequently disrupts the learning of others.": "idea.ed.inappropriate_behavior",
    "Knows 12 of 26 letter sounds.": "idea.sld.area.basic_reading_skill",
    "Is not yet fluent with addition facts to 10.": "idea.sld.area.math_calculation",
    "Writing lacks organization and complete sentences.": "idea.sld.area.written_expression",
    "Appears tired in class and often puts his head down.": "idea.ohi.limited_alertness",
    "Becomes very anxious before tests and sometimes cries.": "idea.ed.physical_symptoms_fears",
    # "great" before a trouble is its size, not praise ("great difficulty"; "great reading skills" is praise)
    "She had great difficulty completing homework.": "idea.general.educational_performance",
    "This adversely affects her in classes when she has to read lengthy texts.": "idea.general.educational_performance",
    # the effect on school, told by the student, or of a student a teacher writes about
    "I got an F on my science test again.": "idea.general.educational_performance",
    "We have a third grade student who has missed 30 days of school.": "idea.general.educational_performance",
    # not knowing a fact says it stands
    "The school did not know he had epilepsy.": "idea.ohi.health_problem",
    # a question asks only its own sentence: what comes before it stands
    "He has ADHD; should we ask for a 504?": "idea.ohi.health_problem",
    "Her reading was never bad enough to qualify for help at school.": "denial.found_not_eligible",
    # a parent's words (probes, none of them in the labelled sets)
    "My daughter is in 4th grade and reads like a first grader.": "s504.mla.reading",
    "He guesses at every word and skips the little ones.": "idea.sld.area.basic_reading_skill",
    "He can read the words but has no idea what the story was about.": "idea.sld.area.reading_comprehension",
    "Word problems are impossible for him.": "idea.sld.area.math_problem_solving",
    "She has been on antidepressants since January.": "idea.ed.pervasive_mood",
    "Every Sunday night he gets a stomach ache and begs not to go.": "idea.ed.physical_symptoms_fears",
    "Strangers can't understand what he says.": "idea.sli.communication_disorder",
    "He's getting straight F's this quarter.": "idea.general.educational_performance",
    "They keep calling me to pick him up early.": "idea.general.educational_performance",
    "They said he's passing so he doesn't need an IEP.": "denial.passing_grades",
    # an evaluation's own words (probes)
    "Diagnosis: ADHD, combined type.": "idea.ohi.health_problem",
    "Diagnostic impressions: Specific learning disorder with impairment in reading (dyslexia), moderate.":
        "idea.sld.included_conditions",
    "On the WIAT-4, his Basic Reading composite was 72, more than two standard deviations below his FSIQ of 104.":
        "idea.sld.underachievement",
    "Both raters endorsed significant difficulties with peer relationships on the BASC-3.": "idea.ed.relationships",
    "Math computation errors included subtracting the smaller digit from the larger.": "idea.sld.area.math_calculation",
    "She had difficulty retrieving words and often described objects instead of naming them.":
        "idea.sld.area.oral_expression",
    "She has received research-based core reading instruction delivered by qualified teachers.":
        "idea.sld.appropriate_instruction",
    # the school's no in a decision's words (probes)
    "His report card reflects grades in the average range, so the committee did not find a need for services.":
        "denial.passing_grades",
    "The CSE declined to find the student eligible for special education.": "denial.found_not_eligible",
    "The district maintained that his difficulties were behavioral and social rather than academic.":
        "denial.academics_only",
    "The school required the student to complete all three tiers of intervention before a referral could be made.":
        "denial.rti_first",
    "Without special education services the student would not be able to access the curriculum.":
        "idea.general.needs_sped",
    "He was asked not to use his inhaler in class.": "s504.mla.breathing",  # being asked not to says he does
    "Last year they tried to take away his eligibility.": "denial.found_not_eligible",
    "He is in eighth grade and was classified by the district's Committee on Special Education (CSE) as a student "
    "with a learning disability.": "idea.general.category",
    # a 504 plan's form: the activities it names as limited
    "Major life activity substantially limited: concentrating.": "s504.mla.concentrating",
    "Major life activities affected: eating, endocrine function.": "s504.mla.bodily_functions",
    "The team found that her asthma substantially limits the major life activity of breathing.": "s504.mla.breathing",
    "He is failing his history class.": "idea.general.educational_performance",
    # a lettered reading level below the benchmark a teacher gives
    "He is still reading at a level D, and our benchmark for this time of year is level J.": "s504.mla.reading",
    "He is profoundly deaf and communicates using ASL.": "idea.deaf.processing",
    "His medication makes him drowsy in the afternoon.": "idea.ohi.limited_alertness",
    "He was placed in seclusion four times in October.": "idea.ed.inappropriate_behavior",
    # a parent's letter asking for an evaluation (probes)
    "I am writing to request a full evaluation because my son continues to struggle with reading despite two years "
    "of intervention.": "idea.sld.rti_nonresponse",
    "He cannot sound out unfamiliar words and relies on pictures to guess.": "idea.sld.area.basic_reading_skill",
    "He now spends two to three hours every night on homework that should take thirty minutes.":
        "idea.general.educational_performance",
    # the need for special education in a team's or an evaluator's words (probes)
    "Despite a 504 plan with extended time and preferential seating, she continues to fail her classes.":
        "idea.general.needs_sped",
    "He will need a paraprofessional to help him through transitions and unstructured times.":
        "idea.general.needs_sped",
    "Her teachers have modified her assignments and tests all year just so she can pass.": "idea.general.needs_sped",
    # the learning-disability areas in teachers' and parents' words (probes)
    "She often asks for directions to be repeated and misses information presented orally.":
        "idea.sld.area.listening_comprehension",
    "When he tells a story, it is disorganized and hard to follow.": "idea.sld.area.oral_expression",
    "She has difficulty applying math concepts to real-world situations.": "idea.sld.area.math_problem_solving",
    "He has great ideas orally but cannot get them down on paper.": "idea.sld.area.written_expression",
    # emotional disturbance's characteristics in teachers' words (probes)
    "He laughs at inappropriate times, even when a classmate is hurt.": "idea.ed.inappropriate_behavior",
    "He cries uncontrollably over small changes, like a substitute teacher.": "idea.ed.inappropriate_behavior",
    "She has been irritable and tearful most days since the fall.": "idea.ed.pervasive_mood",
    "He argues with every adult at school and has no positive relationship with any teacher.": "idea.ed.relationships",
    "He is so afraid of making mistakes that he will not start an assignment.": "idea.ed.physical_symptoms_fears",
    "His outbursts happen several times a day and last up to 45 minutes.": "idea.ed.marked_degree",
    # an autism evaluation's observations (probes)
    "Autism evaluation. She does not seem to notice when peers try to talk to her.": "idea.aut.social",
    "Autism evaluation. He talks at length about trains and does not notice when others lose interest.":
        "idea.aut.communication",
    "Autism evaluation. She only eats five foods and gags at new textures.": "idea.aut.associated",
    "Autism evaluation. We noticed he stopped using words around 18 months.": "idea.aut.onset",
    "He is constantly moving, tapping and getting out of his seat.": "idea.ohi.limited_alertness",
    # the school's no as parents hear it (probes)
    "The district exited her from speech services in May.": "denial.found_not_eligible",
    "They said his meltdowns are a parenting issue, not a school issue.": "denial.academics_only",
    "They want to wait until he's in third grade to see if he grows out of it.": "denial.insufficient_data",
    "The school said she has to be in Tier 3 for at least twelve weeks before they will consider testing.":
        "denial.rti_first",
    "They told me an ADHD diagnosis only qualifies for a 504, not an IEP.": "denial.diagnosis_not_enough",
    # meeting notes, teacher reports, behaviour logs (probes)
    "Teacher report: Sam completes about half of his classwork and rarely turns in homework.":
        "idea.general.educational_performance",
    "Teacher report: needs 3-4 prompts to begin independent work.": "s504.mla.concentrating",
    "Behavior log: 9/14 eloped from classroom; 9/18 threw materials; 9/21 verbal aggression toward peer.":
        "idea.ed.inappropriate_behavior",
    "Eligibility: Specific Learning Disability (primary); Other Health Impairment (secondary).":
        "idea.general.category",
    "But his handwriting was still basically illegible!": "s504.mla.performing_manual_tasks",
    "After two years the district determined that he no longer needed it.": "denial.found_not_eligible",
    "Now a student will receive speech therapy only if it affects their grades.": "denial.academics_only",
    # a report that introduces its child by first name ("Ryan is a student at …")
    "Ryan is a student at Jackson Elementary who has had difficulty staying on task for two years.":
        "s504.mla.concentrating",
    "There was a significant drop in his grades at second semester.": "idea.general.educational_performance",
    "Since his glasses broke they are saying not to test him until he has new ones.": "denial.insufficient_data",
    "The student did not earn sufficient credits to be promoted to the eleventh grade.":
        "idea.general.educational_performance",
    "Her teachers reported that she was not completing assignments and was frequently absent.":
        "idea.general.educational_performance",
    "She has had a Section 504 Accommodation Plan since fourth grade for her diabetes.": "s504.actual",
    "His ADHD significantly impacts his ability to complete work and his grades have suffered.":
        "idea.ohi.adverse_effect",
    # a teacher's email (probes)
    "He threw his Chromebook today when I asked him to start his writing assignment.": "idea.ed.inappropriate_behavior",
    "She has been sitting by herself at lunch and the other girls have been leaving her out.": "idea.ed.relationships",
    "The speech teacher says he is still working on his /s/ and /r/ sounds.": "idea.sli.communication_disorder",
    "Honestly I think he needs more support than I can give him in a class of 28.": "idea.general.needs_sped",
    "We have tried a reading intervention group for 8 weeks and he has not made much progress.":
        "idea.sld.rti_nonresponse",
    "He needs someone to check his lunch for nuts because of his allergy.": "s504.mla.eating",
    "He failed his benchmark tests again. Was that fair?": "idea.general.educational_performance",
    "No one on his team even knew about his hearing loss.": "idea.hi.impairment",
    # incident reports, nurse logs, therapists' notes, the school's wait-and-see
    "At 10:15 the student kicked a staff member and was escorted to the office.": "idea.ed.inappropriate_behavior",
    "Maya refused to come out from under her desk for 40 minutes.": "idea.ed.inappropriate_behavior",
    "She has 31 absences and 12 tardies so far this year.": "idea.general.educational_performance",
    "He vomited before school again today and said he was scared to go in.": "idea.ed.physical_symptoms_fears",
    "She substitutes /w/ for /r/ in all positions of words.": "idea.sli.communication_disorder",
    "Receptive language skills fell in the severely impaired range on the CELF-5.": "idea.sli.communication_disorder",
    "He has an awkward pencil grasp and tires quickly when writing.": "s504.mla.performing_manual_tasks",
    "She cannot organize her ideas into a paragraph.": "idea.sld.area.written_expression",
    "She has not mastered her multiplication facts.": "idea.sld.area.math_calculation",
    "She falls asleep in class most afternoons.": "idea.ohi.limited_alertness",
    "The team would like to collect six more weeks of data before deciding whether to evaluate.":
        "denial.insufficient_data",
    "We will continue Tier 2 interventions and revisit your request at the next data meeting.": "denial.rti_first",
    "A medical diagnosis of ADHD does not by itself make a child eligible for an IEP.": "denial.diagnosis_not_enough",
    "My son can barely read.": "s504.mla.reading",
    "His teacher has noticed attention issues.": "s504.mla.concentrating",
    "She received a \"D\" in math this quarter.": "idea.general.educational_performance",
    "He does not ever finish his work in class.": "idea.general.educational_performance",
    "She has been failing math since October.": "idea.general.educational_performance",
    "He has a pretty significant issue with his l's and th's.": "idea.sli.communication_disorder",
    "Now, why did he sit there when he knew his blood sugar was low?": "s504.mla.bodily_functions",
    "His teachers realized that he struggled with reading comprehension and fluency.":
        "idea.sld.area.reading_fluency",
    "The school found that M.P. qualified for 504 accommodations but not special education.":
        "denial.found_not_eligible",
    "So they want me to put him back in a school that suspended him 20 times in kindergarten??":
        "idea.general.educational_performance",
    "They told me she doesn't qualify, she's reading at grade level.": "denial.passing_grades",
    "The reason she exited special education, according to them, is that she is performing on grade level.":
        "denial.passing_grades",
    "Jayden was suspended twice this year.": "idea.general.educational_performance",
    "Jacob has been treated for major depressive disorder since October.": "idea.ed.pervasive_mood",
    "She mixes up b and d and reads \"was\" as \"saw\".": "idea.sld.area.basic_reading_skill",
    "She comes home and says nobody will sit with her at lunch.": "idea.ed.relationships",
    "He has been sent to the principal's office four times this month.": "idea.general.educational_performance",
    "By lunch he is exhausted and can't keep his eyes open.": "idea.ohi.limited_alertness",
    "He hit a classmate during recess.": "idea.ed.inappropriate_behavior",
    "Today she bit her aide.": "idea.ed.inappropriate_behavior",
    "He does not respond to his name when the teacher calls him.": "idea.aut.communication",
    "He threw the book down and said, \"I might as well kill myself.\"": "idea.ed.pervasive_mood",
    "By the middle of first grade he was reading, haltingly and slowly.": "idea.sld.area.reading_fluency",
    # what parents see at home
    "He begs me not to make him go to school.": "idea.ed.physical_symptoms_fears",
    "He cries himself to sleep most nights.": "idea.ed.pervasive_mood",
    "The other kids make fun of him and he has stopped trying to make friends.": "idea.ed.relationships",
    "She can only eat five foods and gags on anything new.": "s504.mla.eating",
    "She skips lines and loses her place when she reads.": "s504.mla.reading",
    # speech-language reports
    "Her speech was approximately 60% intelligible to an unfamiliar listener.": "idea.sli.communication_disorder",
    "His speech errors make it hard for classmates to understand him during class discussions.":
        "idea.sli.adverse_effect",
    "Voice quality was consistently hoarse, and she reports vocal fatigue.": "idea.sli.communication_disorder",
    # report cards, progress reports and RTI data
    "Reading level: F (end-of-year benchmark: M).": "idea.sld.underachievement",
    "Has difficulty working cooperatively with classmates.": "idea.ed.relationships",
    "Puts his head down and falls asleep during afternoon lessons.": "idea.ohi.limited_alertness",
    "His rate of improvement is 0.3 words per week, below the expected rate of 1.2.": "idea.sld.rti_nonresponse",
    # doctors' letters and prior written notices
    "His inattention makes it very difficult for him to complete classwork.": "s504.mla.concentrating",
    "She must be allowed to check her blood glucose in the classroom and treat lows.": "s504.mla.bodily_functions",
    "He needs unrestricted access to the restroom because of his Crohn's disease.": "s504.mla.bodily_functions",
    "The student's academic achievement is commensurate with his cognitive ability.": "denial.passing_grades",
    # courts' and digests' accounts
    "He graduated from high school without being able to read.": "s504.mla.reading",
    "Screening showed the student to have dyslexia.": "idea.sld.included_conditions",
    # parents' accounts of school refusal
    "This year she has started crying and complaining of stomach aches in the morning.":
        "idea.ed.physical_symptoms_fears",
    "This year she is reluctant to go to school.": "idea.ed.physical_symptoms_fears",
    "The school refused to evaluate him since he hasn't completed the RTI process.": "denial.rti_first",
    "She has difficulty making friends.": "idea.ed.relationships",
    "She did not qualify for special education due to her adequate academic performance.": "denial.passing_grades",
    "He doesn't know his alphabet in order like most children his age.": "idea.sld.area.basic_reading_skill",
    "Three years ago the school psychologist ruled out learning disabilities.": "denial.found_not_eligible",
    "He said since he had all A's that he doesnt need a 504.": "denial.passing_grades",
    "His Basic Reading composite is in the low range.": "idea.sld.area.basic_reading_skill",
    "He shuts down when asked to write.": "idea.sld.area.written_expression",
    "She has no close friends.": "idea.ed.relationships",
    "Due to her seizure disorder she misses several days of school each month.": "idea.general.educational_performance",
    "He often blurts out answers and has difficulty waiting his turn.": "idea.ohi.limited_alertness",
    "He cant sit still in class.": "s504.mla.concentrating",  # typed without the apostrophe
    "My son wont do his work.": "idea.general.educational_performance",
    "They said she is not eligible, she is reading at grade level.": "denial.passing_grades",
    "My 7 year old son has speech articulation problems.": "s504.mla.speaking",
    "She reads haltingly.": "idea.sld.area.reading_fluency",
    "D.T. was reported for making a school shooting threat.": "idea.ed.inappropriate_behavior",
    "The District approved an individualized education program to assist his learning.": "idea.general.needs_sped",
    "The evaluation concluded that the student met the special education criteria for learning disabilities.":
        "idea.general.category",
    "His teacher says he's a little slower than average but she doesn't think it's a problem.": "denial.passing_grades",
    "Your son's grade has taken a slide, going from an A- to a C- in two months.":
        "idea.general.educational_performance",
    "He STILL has diabetes and highs and lows can happen anytime.": "s504.mla.bodily_functions",
    "He is now labeled emotionally handicapped and in an 8:1:1 classroom.": "idea.general.needs_sped",
    "His teacher said not to worry; he would learn when he was ready.": "denial.insufficient_data",
    "He has been in the reading program since kindergarten, but his progress has been slow.":
        "idea.sld.rti_nonresponse",
    "His teacher wants to hold him back because of his reading.": "idea.general.educational_performance",
    "These behaviors were insufficient to find the student eligible given his academic performance.":
        "denial.found_not_eligible",
    "His reading comprehension (SS 76) is well below average.": "idea.sld.area.reading_comprehension",
    "He is a poor reader.": "s504.mla.reading",
    "He doesn't read well.": "s504.mla.reading",
    "His adaptive behavior composite is 65.": "idea.id.adaptive",
    "She has severe anxiety about attending school.": "idea.ed.physical_symptoms_fears",
    "He echoes phrases from movies.": "idea.aut.communication",
    "The IEP team found him eligible as a student with an emotional disturbance.": "idea.general.category",
    "The team recommends continuing Tier 2 interventions before considering a referral.": "denial.rti_first",
    "She is isolated from her peers.": "idea.ed.relationships",
    "He needs help toileting.": "s504.mla.caring_for_oneself",
    "He has difficulty staying alert due to his medication.": "idea.ohi.limited_alertness",
    "She needs a modified curriculum.": "idea.general.needs_sped",
    "Because she is making adequate progress in general education, she does not require special education.":
        "denial.passing_grades",
    "The Student received numerous disciplinary referrals during the 2019-2020 school year.":
        "idea.general.educational_performance",
    "In 2018, the District identified the Student as a child with a specific learning disability.":
        "idea.general.category",
    "The school says she's doing fine and doesn't need an IEP.": "denial.passing_grades",
    "She cries every morning and doesn't want to go to school.": "idea.ed.physical_symptoms_fears",
    "He's been getting in trouble almost every day for hitting.": "idea.ed.inappropriate_behavior",
    "The school calls me every day to pick him up because of his behavior.": "idea.general.educational_performance",
    "Kids at school won't play with him.": "idea.ed.relationships",
    "He has major meltdowns whenever his routine changes.": "idea.aut.associated",
    "Her teacher says she is always daydreaming.": "s504.mla.concentrating",
    "His ADHD impacted his alertness in class.": "idea.ohi.limited_alertness",
    "However, she continued to meet academic standards for her grade.": "denial.passing_grades",
    "Hello! I am the parent of a student with TBI and seizure disorder.": "idea.tbi.acquired_external",
    "I agreed to postpone the evaluation until the school collected a few months of data.": "denial.insufficient_data",
    "He is unable to keep pace with his typical peers in math.": "idea.sld.underachievement",
    "For months I had seen the reluctance to read.": "s504.mla.reading",
    "He requires constant prompting to stay on task.": "s504.mla.concentrating",
    "His grades are barely passing.": "idea.general.educational_performance",
    "He won't sit still in class.": "s504.mla.concentrating",
    "This morning he had a 45 minute meltdown before school.": "idea.ed.inappropriate_behavior",
    "His emotions get ahold of him and he spirals out of control.": "idea.ed.inappropriate_behavior",
    "He murmurs, \u201cI can't read. The other kids know.\u201d": "s504.mla.reading",  # the child's own voice
    "We can't read his writing.": "s504.mla.performing_manual_tasks",
    "He can write legibly, but his hands tire quickly.": "s504.mla.performing_manual_tasks",
    "The district sent Travis to an out of district placement for two years.": "idea.general.needs_sped",
    "He is at risk for retention because he is not meeting the literacy standard.":
        "idea.general.educational_performance",
    "Academically, she thinks he is on par with same-age peers.": "denial.passing_grades",
    "He was referred because of his lack of progress on progress monitoring measures despite intervention.":
        "idea.sld.rti_nonresponse",
    "Her intelligibility is decreased immensely for her age.": "idea.sli.communication_disorder",
    "Willie was diagnosed with autism spectrum disorder at age 3.": "idea.aut.onset",
    "He has a history of frequent tardies.": "idea.general.educational_performance",
    "Phonological Awareness: J. cannot blend 4 phonemes into words.": "idea.sld.process_disorder",  # a heading
    "He only knows three letters of the alphabet.": "idea.sld.area.basic_reading_skill",
    "He has trouble gripping a pencil tight enough to write.": "s504.mla.performing_manual_tasks",
    "The psychologist thinks he is right where he should be.": "denial.passing_grades",
    "She was told he is too young to qualify for an evaluation.": "denial.insufficient_data",
    "Her teacher said Emma is still struggling in math.": "idea.sld.underachievement",
    "The case involved a 7-year-old boy, Hunter, who received a cochlear implant, which restores hearing in people "
    "with certain types of hearing loss.": "idea.hi.impairment",  # the child introduced by name
    "The district wanted to reduce his TVI time from 300 minutes weekly to 90 minutes.": "idea.general.needs_sped",
    "He has mild PDD.": "idea.aut.social",
    "We knew she needed the cane instruction.": "idea.general.needs_sped",
    "He has poor eyesight and still needs to place a book almost up to his nose.": "s504.mla.seeing",
    "They felt that he needed 1 on 1 or small group instruction for one more year.": "idea.general.needs_sped",
    "I know that she cannot keep up academically with her peers.": "idea.sld.underachievement",
    "Sadly, she had mastered few of her goals.": "idea.general.educational_performance",
    "This past year she was designated as a resource student.": "idea.general.needs_sped",
    "She could no longer walk 2-3 steps without her walker.": "s504.mla.walking",
    "Going up and down the stairs is particularly challenging for my little girl.": "s504.mla.walking",
    "I noticed that on the bus no one spoke to her.": "idea.ed.relationships",
    "I have a deaf son in grade 7.": "idea.hi.impairment",
    "They only say he's NOT on grade level in math.": "idea.sld.underachievement",  # a level denied is a trouble
    # a list under its heading is read, one item to a line ("Diagnoses:"), though a chart's labels are not
    "Diagnoses:\nADHD\nDyslexia\nAsthma\nMigraine\nGeneralized anxiety disorder\nMajor depressive disorder":
        "idea.ed.pervasive_mood",
    # a behaviour plan's comment leaves the child out, as a report card's does
    "Fails to turn in assignments weekly. Work completion issues contribute to failing grades across classes.":
        "idea.general.educational_performance",
    # a child named in a report's sentence, receiving or showing something, is the child the page is about
    "From October to February Kevin received 10 office discipline referrals.": "idea.general.educational_performance",
    "Areas of concern: \u2610 Math \u2612 Reading: she cannot decode words.": "idea.sld.area.basic_reading_skill",
    # a dash sets a clause apart from a negation before it
    "None of that mattered - they said he is doing too well in school.": "denial.passing_grades",
    "No one listened — he has been missing so much school since October.": "idea.general.educational_performance",
    # the conventions settled in real.toml's head: a body system's condition, asthma, dyslexia, a refusal
    "Her migraine headaches keep her home two days a month.": "s504.mla.bodily_functions",
    "He is allergic to peanuts and carries an EpiPen.": "s504.mla.bodily_functions",
    "Her seizures started with absence epilepsy in first grade.": "s504.mla.bodily_functions",
    "Both of my boys have asthma.": "s504.mla.breathing",
    "Our daughter has dyslexia.": "s504.mla.reading", "He is dyslexic.": "s504.mla.reading",
    "The school has denied him accommodations twice.": "denial.found_not_eligible",
    "The team denied special education and ordered more testing.": "denial.found_not_eligible",
    "She is a good student and has an A in math.": "denial.passing_grades",
    "She was diagnosed with PTSD and ADHD last spring.": "idea.ed.physical_symptoms_fears",
    "I keep telling the school about my son's anxiety.": "idea.ed.physical_symptoms_fears",
    "He has had behavior problems since first grade.": "idea.ed.inappropriate_behavior",
    "She was diagnosed with oppositional defiant disorder.": "idea.ed.inappropriate_behavior",
    "He has meltdowns after school.": "idea.ed.inappropriate_behavior",
    "The teacher said she could be retained because of her reading.": "idea.general.educational_performance",
    "She has been absent several times this fall.": "idea.general.educational_performance",
    "He qualified for special education as a student with autism.": "idea.aut.social",
    "Her doctor's report says she suffers from GERD.": "idea.ohi.health_problem",
    "The teacher says they are on grade level.": "denial.passing_grades",
}


def test_a_plain_sentence_about_the_child_is_found() -> None:
    missed = {text: element for text, element in PLAIN.items() if element not in _found(text)}
    assert not missed, missed


def test_the_schools_refusal_is_not_the_childs_and_its_grounds_are_its_reason() -> None:
    found = _found("The school refused to write a 504 plan on the grounds that she is passing her classes.")
    assert "denial.passing_grades" in found and "idea.sld.area.written_expression" not in found
    assert "idea.sld.area.written_expression" in _found("The teacher said he refused to write.")
    # a plan refused is the school's refusal, not a plan the child has
    assert _found("The school refused to write a 504 plan for him.") == {"denial.found_not_eligible"}


def test_an_iep_is_evidence_of_need_by_what_it_provides_not_by_its_name() -> None:
    assert "idea.general.needs_sped" in _found("His IEP says he needs help with organization.")
    assert "idea.general.needs_sped" in _found("We have it stated in his IEP that he dictates his answers.")
    assert "idea.general.needs_sped" not in _found("She has an IEP in place.")
    assert "idea.general.needs_sped" not in _found("How can they deny her a reading specialist, saying she has an IEP?")


def test_speech_is_speaking_and_language_is_communicating() -> None:
    assert "s504.mla.speaking" in _found("My son has a speech delay.")
    found = _found("Our daughter has a speech and language delay.")
    assert {"s504.mla.speaking", "s504.mla.communicating"} <= found  # both, neither yielding to the other
    found = _found("His speech is hard to understand.")
    assert "s504.mla.speaking" in found and "s504.mla.communicating" not in found
    assert "s504.mla.communicating" in _found("He was diagnosed with a language disorder.")


def test_a_504_plan_is_the_schools_finding_when_in_place_not_when_asked_for() -> None:
    assert "s504.actual" in _found("My son has a 504 plan for his diabetes.")
    for text in ("His psychologist recommended a 504 plan.", "We asked the school to develop a 504 plan for her."):
        assert "s504.actual" not in _found(text), text


def test_trouble_paying_attention_is_both_concentrating_and_limited_alertness() -> None:
    for text in ("His teacher says he is easily distracted and off task during independent work.",
                 "She has trouble concentrating in class.", "My son has a problem with paying attention."):
        assert {"s504.mla.concentrating", "idea.ohi.limited_alertness"} <= _found(text), text
    found = _found("She is tired all the time at school.")
    assert "idea.ohi.limited_alertness" in found and "s504.mla.concentrating" not in found


def test_the_writers_regret_is_not_the_childs_mood() -> None:
    assert "idea.ed.pervasive_mood" not in _found("Sadly, he crossed a big line today and was suspended.")
    assert "idea.ed.pervasive_mood" in _found("His teachers report that he shows sadness most days.")


def test_the_same_words_denied_listed_or_about_anyone_are_not() -> None:
    for text in ("He does not have epilepsy.", "The issue in this case is whether the district erred.",
                 "The District did not make a determination that M.P. was eligible for special education.",
                 "Anyone else have a kid who was suspended?",
                 "1. A visual, hearing or motor impairment Yes No 2. Cognitive impairment Yes No",
                 "Suspected areas of need: Oral Expression / Reading Fluency Skills Listening Comprehension / Reading"
                 " Comprehension Written Expression / Mathematics Calculation Basic Reading Skill",
                 "The team finds a severe discrepancy between ability and one or more of the following areas: Oral"
                 " Expression Written Expression Listening Comprehension Mathematics Calculation Basic Reading Skills",
                 "Whether the District failed to evaluate a student who, because of disability, needs special"
                 " education.",
                 "Who is eligible?\nTo receive special education, a student must be evaluated.",
                 "Her mother has diabetes.", "Asthma was ruled out.",
                 "No hearing loss was found.", "Students with asthma may need a 504 plan.",
                 "If he has an intellectual disability, the team will say so.",
                 "John was referred for an assessment to assess for an intellectual disability.",
                 "The team determined that eligibility would be reviewed in May.", "He does not read very slowly.",
                 "He never guesses at words.", "He does not stutter.", "Maybe he has ADHD.",
                 "He works hard, and I don't see any attention issues.",
                 "She reads aloud without being asked.", "Her teacher says she hasn't complained of stomach aches.",
                 "Sometimes he throws up before he leaves.",
                 "He makes friends easily.", "Most children with ADHD have trouble reading.",
                 "He doesnt have ADHD.", "He is not a struggling reader.", "His adaptive behavior composite is 95.",
                 "When I went to pick him up, his teacher said he had a good day.",
                 "The parent of a student with TBI may ask for an evaluation.", "My daughter does not have a TBI.",
                 "He is not out of control at school.",
                 "His teachers ask him to rewrite his papers because they can't read them.",
                 "They were unable to read his essay.",
                 "Reading Comprehension: J. has no difficulty answering questions.",
                 "Her performance is average in oral expression and math calculation.",
                 "She mentioned the possibility of an attention deficit disorder.",
                 "We walked up and down the stairs together.", "My son is not deaf.",
                 "Her family history predisposed her to anxiety, which is a risk factor for depression.",
                 "If you have some of the symptoms below, you might be dealing with depression: Having trouble with "
                 "schoolwork; Sadness and hopelessness.",
                 "Informal assessments may include an observation and the ability to complete a fine motor task.",
                 "His reading comprehension is in the low average range.",
                 # children in general refused, and a condition described, are no child's case
                 "Students with Tourette Syndrome are often denied IEPs because they achieve well academically.",
                 "Importantly, TS often co-occurs with ADHD, OCD, anxiety, or learning disabilities.",
                 "Sometimes parents are told that braille is not appropriate because the child has enough vision "
                 "to read print, or has not yet acquired reading readiness skills.",
                 "Child with handwriting difficulty generally avoids writing as they tire in completing the task.",
                 # a rating scale's profile, its scales' names one to a line, says nothing of the child's scores
                 "T Score\n70\n60\nHyperactivity\nAggression\nConduct Problems\nAnxiety\n\nDepression\nSomatization\n"
                 "Atypicality\nWithdrawal\n\u25cf General Combined 80 47 40 57 52 73 44 58",
                 # a blank form's options, and the question they answer, are offered, not chosen
                 "Areas of concern:\n\u2610 Attention\n\u2751 Anxiety about school\n\u25a1 Reading below grade level",
                 "He has been diagnosed with the following: \u2610 ADHD \u2610 Autism \u2610 Dyslexia",
                 "We were told he couldn't be suspended because he was in pre-K.",
                 "The teacher told me our third-grader could be retained next year.",
                 "Family history is significant for dyslexia in the father and ADHD in an older brother.",
                 "Kids who happen to have dyslexia are often bright.",
                 "Youngest has perfect fine-motor skills.", "She has good receptive language.",
                 "He has great reading skills.", "I don't know if he has ADHD.", "We suspect dyslexia.",
                 "The school says they can't diagnose dyslexia.", "She made no errors in computation.",
                 "Sometimes a kid with chronic Migraine will end up missing a lot of school.",
                 "She is reading at a level M and the benchmark is level K.",
                 "In the school setting, the EA is the one who checks the hearing aids of a child with hearing loss.",
                 "\"A record of such impairment\" means having a history of, or being classified as having, an "
                 "impairment that substantially limits a major life activity.",
                 "Did the IEP deny Student a FAPE by: a. Failing to offer specialized academic instruction; b. Failing"
                 " to address Student's needs in the areas of speech and language, and c. Failing to include goals in"
                 " the areas of attention and reading?",
                 "He reads 120 words per minute.", "Four students in the lawsuit stopped attending because of "
                 "severe anxiety or depression.", "A 504 plan is not automatically written for every student with "
                 "asthma.", "They threatened to suspend him.", "The committee needed evidence that she was failing her "
                 "classes.", "His eligibility as a student with an other health impairment is in dispute in this "
                 "appeal.", "She has a nonverbal learning disability.", "Your child's anxiety is affecting school. "
                 "They're refusing to go in the morning or having panic attacks in the hallway.",
                 "The district is not testing in the area of auditory processing disorder.",
                 "Academic delays in the areas of reading, math and writing were remediated by the 3rd grade.",
                 "I don't think that he is dyslexic.", "The CELF-5 core language score was 104.",
                 "She has no difficulty understanding social cues.", "Family history is positive for ADHD.",
                 "His grades went from a D to an A this year.", "He is making adequate progress toward his IEP goals.",
                 "Does my son have ADHD?", "How do I know if my son has ADHD?",
                 "Signs of ADHD include: Is easily distracted. Has trouble waiting. Often loses things.",
                 "Problem Identification (check all that apply): Phonological Awareness Phonics Reading Fluency "
                 "Reading Comprehension Vocabulary Math Calculation Math Problem Solving Written Expression",
                 "Primary Disability: ☐ Autism ☐ Emotional Disturbance ☐ Specific Learning Disability ☐ Speech or "
                 "Language Impairment ☐ Other Health Impairment",
                 "He is a friendly boy. Many students with attention concerns are successful with general education "
                 "supports.", "A paternal uncle has dyslexia.", "His aunt has epilepsy.",
                 "Autistic children may have meltdowns when routines change.",
                 "A kid with Tourette's may be punished for tics.",
                 "When an autistic child is sent home from school, the staff felt the behavior could not be managed.",
                 "One major symptom of depression in teenagers is poor school performance.",
                 "Options considered: placement in a self-contained classroom was rejected as too restrictive.",
                 "Attendees: Ms. Lee, resource room teacher; Mr. Park, principal.", "She has healthy eating habits.",
                 "He is very down to earth.", "He washed the pans after dinner.",
                 "Dysgraphia makes handwriting illegible and slow.",
                 "ADHD is a neurodevelopmental disorder that affects attention.",
                 "Common signs include poor handwriting and slow reading.",
                 "In a noisy room this will lead to behavior and focus issues."):
        assert not _found(text) - {"s504.impairment"}, text
    # a guide's or a form's list of the categories names none of them as the child's
    listed = _found("If your child is not eligible, he may still qualify. The categories include: Autism - "
                    "Deaf-blindness - Deafness - Emotional disturbance - Hearing impairment - Intellectual disability"
                    " - Orthopedic impairment - Traumatic brain injury - Visual impairment")
    assert not listed & {"idea.hi.impairment", "idea.vi.impairment", "idea.id.intellect", "idea.tbi.acquired_external",
                         "idea.aut.social", "idea.oi.severe_impairment"}, listed
    # what a sentence says is not enough is its premise, not a finding; the school's reason is the lead
    premise = _found("A medical diagnosis of autism doesn't mean he needs an IEP.")
    assert "denial.diagnosis_not_enough" in premise and not {"idea.aut.social", "idea.aut.communication"} & premise
    # a condition's own effect on school is the suggestion; the general rule yields to it
    effect = _found("His ADHD keeps him from finishing his work, and he is failing math.")
    assert "idea.ohi.adverse_effect" in effect and "idea.general.educational_performance" not in effect, effect
    assert "idea.general.educational_performance" in _found("He is failing math.")
    # "loses his place" and "loses her place" are one phrase, counted once
    assert "idea.ohi.limited_alertness" not in _found("When she reads aloud she loses her place.")
    # "#" is a whole number, not the last digits of a decimal ("0.8 WCPM/week" is no "8 WCPM")
    decimal = match_page("His trend line (0.8 WCPM/week) is flatter than the aimline; he reads 30 WCPM, well "
                         "below benchmark.", rules_for(load_catalogue().criteria.values()))
    quotes = {quote for match in decimal for quote in match.matched}
    assert "8 WCPM" not in quotes and "30 WCPM" in quotes, quotes
    # what it takes to be classified is a requirement, not a classification
    assert "idea.general.category" not in _found("He did not exhibit the characteristics necessary to be classified "
                                                 "as emotionally disturbed.")
    # a relative clause inside a question is stepped over; what the clause says is not supposed
    whether = _found("The appeal turns on whether the student, who was diagnosed with ADHD, meets the eligibility "
                     "criteria.")
    assert "idea.ohi.health_problem" in whether and "idea.general.category" not in whether, whether
    # a finding denied reaches to the end of its sentence, not past "but"
    assert "idea.general.needs_sped" not in _found("The team did not find an adverse effect on educational "
                                                   "performance requiring specially designed instruction.")
    assert "idea.general.needs_sped" in _found("The team did not find him eligible, but he needs specially designed "
                                               "instruction in reading.")
    # a refusal to find, a verb that only sounds like a mood, a scale with an average score
    assert "idea.general.category" not in _found("The district refuses to find Sam eligible for special education.")
    assert "idea.ed.pervasive_mood" not in _found("Low working memory depresses the Full Scale IQ, as he showed.")
    # what any child may have, named on a page that speaks of this child too
    assert "idea.ohi.health_problem" not in _found("Children who have ADHD are often forgetful, and my son is always "
                                                   "losing his homework.")
    assert "idea.ohi.health_problem" in _found("My son has ADHD and is always losing his homework.")
    # a speech-language report's "phonological processes" are sound error patterns, not a learning process
    assert "idea.sld.process_disorder" not in _found("He shows multiple speech sound error patterns (phonological "
                                                     "processes).")
    table = _found("BASC-3 Parent T-scores: Anxiety 55 58 Average / Average Depression 50 54 Average / Average")
    assert "idea.ed.pervasive_mood" not in table, table
    assert "idea.ed.pervasive_mood" in _found("BASC-3 Parent T-scores: Depression 72 75 Clinically Significant")
    # nor is a cause the team rules out
    assert "idea.hi.impairment" not in _found("The team has determined that her underachievement is not primarily "
                                              "the result of a vision, hearing, or motor impairment.")
