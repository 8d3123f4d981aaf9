"""All the criteria a vault knows: the built-in packs plus the packs its user added."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import select

from iepdesk.criteria.packs import Criterion, MatchRule, Pack, PackError, builtin_pack_files, parse_pack
from iepdesk.errors import UsageError
from iepdesk.packfile import keep_pack, read_pack_file, refuse_builtin_id
from iepdesk.resources import resource
from iepdesk.vault import Vault
from iepdesk.vault.models import Pack as PackRow


@dataclass(frozen=True)
class Catalogue:
    packs: tuple[Pack, ...]
    criteria: dict[str, Criterion]
    evidence_types: dict[str, str]

    def get(self, criterion_id: str) -> Criterion:
        try:
            return self.criteria[criterion_id]
        except KeyError:
            raise UsageError(
                f"There is no criterion '{criterion_id}'. 'iepdesk criteria list' shows them all."
            ) from None

    def children(self, criterion_id: str | None) -> list[Criterion]:
        return [c for c in self.criteria.values() if c.parent_id == criterion_id]

    def under(self, roots: list[str]) -> list[Criterion]:
        """The criteria at or below the given ids (all of them when no id is given), in pack order."""
        if not roots:
            return list(self.criteria.values())
        for root in roots:
            self.get(root)
        wanted = set(roots)
        return [c for c in self.criteria.values() if wanted & set(self.lineage(c.id))]

    def lineage(self, criterion_id: str) -> list[str]:
        """The criterion and the groups above it, nearest first."""
        chain: list[str] = []
        current: str | None = criterion_id
        while current is not None and current not in chain:
            chain.append(current)
            found = self.criteria.get(current)
            current = found.parent_id if found else None
        return chain

    def evidence_label(self, code: str) -> str:
        return self.evidence_types.get(code, code)


def _link(packs: list[Pack]) -> Catalogue:
    criteria: dict[str, Criterion] = {}
    owner: dict[str, str] = {}
    types: dict[str, str] = {}
    for pack in packs:
        types.update(pack.evidence_types)
        for criterion in pack.criteria:
            if criterion.id in criteria:
                raise PackError(f"{pack.file_name}: the id '{criterion.id}' is already used by the pack "
                                f"'{owner[criterion.id]}'. Give it another id.")
            criteria[criterion.id] = criterion
            owner[criterion.id] = pack.id
    for pack in packs:
        for criterion in pack.criteria:
            where = f"{pack.file_name}, criterion '{criterion.id}'"
            missing = [code for code in criterion.evidence if code not in types]
            if missing:
                raise PackError(f"{where}: unknown evidence type(s) {', '.join(missing)}; define them under "
                                "[evidence_types].")
            unknown = [a for a in criterion.answers if a not in criteria]
            if unknown:
                raise PackError(f"{where}: 'answers' names criteria that do not exist: {', '.join(unknown)}.")
            match = criterion.match or MatchRule()
            for key, named in (("follows", match.follows), ("yields_to", match.yields_to),
                               ("follows_when", tuple(f for f, _said in match.follows_when))):
                unknown = [f for f in named if f not in criteria]
                if unknown:
                    raise PackError(f"{where}: '{key}' names criteria that do not exist: {', '.join(unknown)}.")
    return Catalogue(tuple(packs), criteria, types)


@cache
def builtin_packs() -> tuple[Pack, ...]:
    folder = resource("criteria")
    return tuple(parse_pack(path.read_text("utf-8"), path.name) for path in builtin_pack_files(folder))


def added_packs(vault: Vault) -> list[Pack]:
    with vault.session() as session:
        rows = session.scalars(select(PackRow).order_by(PackRow.added_at)).all()
        return [parse_pack(row.source, row.file_name, origin="added") for row in rows]


def load_catalogue(vault: Vault | None = None) -> Catalogue:
    packs = list(builtin_packs()) + (added_packs(vault) if vault is not None else [])
    return _link(packs)


def add_pack(vault: Vault, path: Path, actor: str = "cli") -> Pack:
    """Check a pack against everything already loaded, then keep a copy inside the vault."""
    text = read_pack_file(path, PackError)
    pack = parse_pack(text, path.name, origin="added")
    current = load_catalogue(vault)
    refuse_builtin_id(pack.id, path.name, {p.id for p in current.packs if p.origin == "built-in"}, PackError)
    _link([*(p for p in current.packs if p.id != pack.id), pack])  # adding a pack again replaces the older one
    keep_pack(vault, PackRow, pack_id=pack.id, version=pack.version, title=pack.title, file_name=path.name,
              text=text, action="pack.add", what="the criteria pack", actor=actor)
    return pack
