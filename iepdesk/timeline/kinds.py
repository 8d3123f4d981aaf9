"""The kinds of event and the roles of people, with the words shown to people."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventKind:
    label: str
    # "happened": it is a record of something done or received, so a date in the future is suspicious (allowed
    # with a warning); False for what is scheduled ahead (meetings, hearings).
    happened: bool
    # the direction of a communication for the communication log: "out" (the parent sent it), "in" (the parent
    # received it), "both" (a call or meeting) or "" (not a communication).
    direction: str = ""


EVENT_KINDS: dict[str, EventKind] = {
    "request_for_evaluation": EventKind("Request for evaluation", True, "out"),
    "consent_signed": EventKind("Consent for evaluation signed", True),
    "evaluation_received": EventKind("Evaluation report received", True, "in"),
    "eligibility_meeting": EventKind("Eligibility meeting", False),
    "iep_meeting": EventKind("IEP meeting", False),
    "pwn_received": EventKind("Prior written notice received", True, "in"),
    "iee_requested": EventKind("IEE requested", True, "out"),
    "iee_answered": EventKind("IEE request answered", True, "in"),
    "records_requested": EventKind("Records requested", True, "out"),
    "records_received": EventKind("Records received", True, "in"),
    "mediation": EventKind("Mediation", False),
    "due_process_filed": EventKind("Due-process complaint filed", True, "out"),
    "resolution_meeting": EventKind("Resolution meeting", False),
    "hearing": EventKind("Hearing", False),
    "disclosure": EventKind("Evidence disclosed for a hearing", True, "out"),
    "state_complaint": EventKind("State complaint filed", True, "out"),
    "decision_received": EventKind("Decision received (hearing or complaint)", True, "in"),
    "absence": EventKind("Child absent from school (one day)", True),
    "disciplinary_removal": EventKind("Removal for discipline decided (a change of placement)", True, "in"),
    "manifestation_review": EventKind("Manifestation determination review", False),
    "interim_setting": EventKind("Placed in an interim alternative setting", True),
    "expedited_hearing_requested": EventKind("Expedited hearing requested (discipline)", True, "out"),
    "placement_notice": EventKind("Written notice of a private placement given", True, "out"),
    "private_placement": EventKind("Child moved to a private school by the parents", False),
    "safeguards_received": EventKind("Procedural safeguards notice received", True, "in"),
    "early_intervention": EventKind("Early intervention (Part C) services before age 3", True),
    "transition_plan": EventKind("Transition plan in the IEP (goals for after high school)", True),
    "phone_call": EventKind("Phone call", False, "both"),
    "meeting": EventKind("Meeting", False, "both"),
    "other": EventKind("Other", False),
}

# What an event of a kind can have decided; a rule may start only on one outcome (an initial IEP follows a
# finding of eligibility, not a refusal).
OUTCOMES: dict[str, dict[str, str]] = {
    "eligibility_meeting": {"eligible": "found eligible", "not_eligible": "found not eligible"},
    "due_process_filed": {"by_parent": "filed by the parent", "by_district": "filed by the district"},
    "resolution_meeting": {"agreement": "ended in a written agreement", "no_agreement": "ended without agreement"},
}

ROLES: dict[str, str] = {
    "teacher": "Teacher",
    "case_manager": "Case manager",
    "school_psychologist": "School psychologist",
    "principal": "Principal",
    "lea_representative": "LEA representative",
    "evaluator": "Evaluator",
    "doctor": "Doctor",
    "advocate": "Advocate",
    "attorney": "Attorney",
    "hearing_officer": "Hearing officer",
    "parent": "Parent",
    "other": "Other",
}


def check_event_kind(kind: str) -> str:
    if kind not in EVENT_KINDS:
        raise ValueError(f"'{kind}' is not a kind of event. Use one of: {', '.join(EVENT_KINDS)}.")
    return kind


def kind_label(kind: str) -> str:
    found = EVENT_KINDS.get(kind)
    return found.label if found else kind.replace("_", " ").capitalize()


def lowered(label: str) -> str:
    """A label inside a sentence: "prior written notice received", but "IEP meeting" stays as it is."""
    return label[0].lower() + label[1:] if label[1:2].islower() else label


def lower_label(kind: str) -> str:
    return lowered(kind_label(kind))


def check_role(role: str) -> str:
    key = role.strip().lower().replace(" ", "_").replace("-", "_")
    if key not in ROLES:
        raise ValueError(f"'{role}' is not a role. Use one of: {', '.join(ROLES)}.")
    return key
