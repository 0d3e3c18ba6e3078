#!/usr/bin/env bash
# Refresh the standard vocabularies the tests read the graph with (PROV-O, W3C ORG,
# OWL-Time, SEM, schema.org), from the npm package @zazuko/rdf-vocabularies, which
# collects them as N-Quads. Kept gzipped under tests/vocabularies/; the tests need no
# network.
#   bash scripts/vendor-test-vocabularies.sh
#   VOCABULARIES=2023.1.19 bash scripts/vendor-test-vocabularies.sh
set -euo pipefail
cd "$(dirname "$0")/.."
VOCABULARIES="${VOCABULARIES:-2023.1.19}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@zazuko/rdf-vocabularies@$VOCABULARIES" >/dev/null && tar xzf zazuko-rdf-vocabularies-*.tgz)
target=tests/vocabularies
mkdir -p "$target"
for name in prov org time sem; do
    gzip -9n < "$work/package/ontologies/$name.nq" > "$target/$name.nq.gz"
done
# schema.org publishes the same vocabulary under https://schema.org/ (its -https release
# files); the package has the http:// form. The ontology uses https.
sed 's|<http://schema\.org/|<https://schema.org/|g' "$work/package/ontologies/schema.nq" | gzip -9n > "$target/schema.nq.gz"
cp "$work/package/LICENSE" "$target/LICENSE-rdf-vocabularies"
cat > "$target/README.md" <<README
# Standard vocabularies for the tests

Taken unmodified (gzipped) from the npm package @zazuko/rdf-vocabularies $VOCABULARIES
(MIT licence, LICENSE-rdf-vocabularies) by scripts/vendor-test-vocabularies.sh. Each
vocabulary keeps its own licence:

| file | vocabulary | licence |
|---|---|---|
| prov.nq.gz | W3C PROV-O, http://www.w3.org/ns/prov# | W3C Software and Document License |
| org.nq.gz | W3C Organization Ontology, http://www.w3.org/ns/org# | W3C Software and Document License |
| time.nq.gz | W3C OWL-Time, http://www.w3.org/2006/time# | W3C Software and Document License |
| sem.nq.gz | Simple Event Model, http://semanticweb.cs.vu.nl/2009/11/sem/ | CC BY 3.0 (VU University Amsterdam) |
| schema.nq.gz | schema.org, https://schema.org/ (IRIs in the https form schema.org releases too) | CC BY-SA 3.0 |

tests/test_standards.py loads them with the graph to show that a reader who knows only
these standards finds the facts.
README
echo "vendored @zazuko/rdf-vocabularies $VOCABULARIES into $target"
