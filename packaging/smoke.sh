#!/usr/bin/env bash
# Smoke test of a built bundle: its version, a real start of the app (offscreen) on a fresh vault that quits
# by itself, then an import, a binder and a check — all by the bundled program, with no Python of ours.
set -euo pipefail
app=${1:-dist/IEPDesk}/iepdesk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" HOME="$work"
"$app" --version
"$app" --vault "$work/vault" --quit-after-start 2>/dev/null
test -f "$work/vault/vault.sqlite"
printf '%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n4 0 obj<</Length 58>>stream\nBT /F1 14 Tf 72 700 Td (Psychoeducational Evaluation Report) Tj ET\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n' > "$work/evaluation.pdf"
"$app" import "$work/evaluation.pdf" --vault "$work/vault"
"$app" binder "$work/binder.pdf" --vault "$work/vault"
test -s "$work/binder.pdf"
# enough files for the import's worker processes and a binder's front-matter helper: both start through the
# bundled program (multiprocessing's "spawn" in a frozen app)
mkdir "$work/notes"
for n in $(seq -w 1 45); do
  printf '%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n4 0 obj<</Length 60>>stream\nBT /F1 14 Tf 72 700 Td (Teacher note %s about reading) Tj ET\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n' "$n" > "$work/notes/note-$n.pdf"
done
"$app" import "$work/notes" --vault "$work/vault"
"$app" binder "$work/big.pdf" --vault "$work/vault"
test -s "$work/big.pdf"
"$app" suggest --vault "$work/vault" > /dev/null  # the criteria and the stemmer (PyStemmer's C module) are bundled
"$app" verify --vault "$work/vault"
echo "smoke test passed; bundle size $(du -sh "$(dirname "$app")" | cut -f1)"
