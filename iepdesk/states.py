"""The states (and DC and the territories that run IDEA programs) a child may go to school in, by postal code,
and which of them IEPDesk has a deadline-rules pack for (resources/deadlines/states/XX.toml)."""

from __future__ import annotations

from iepdesk.errors import UsageError
from iepdesk.resources import resource

STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming", "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}


def state_code(value: str | None) -> str | None:
    """A state as its two-letter code ("tx", "Texas" → "TX"); None for none; a clear sentence for anything else."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.upper() in STATES:
        return text.upper()
    by_name = {name.lower(): code for code, name in STATES.items()}
    if text.lower() in by_name:
        return by_name[text.lower()]
    raise UsageError(f"'{value}' is not a state IEPDesk knows; give its two-letter postal code, e.g. TX or CA.")


def has_pack(code: str | None) -> bool:
    return code is not None and resource("deadlines").joinpath("states", f"{code.lower()}.toml").is_file()
