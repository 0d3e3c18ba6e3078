#!/usr/bin/env bash
# Refresh the web assets vendored into the package, from the npm registry, so that
# 'pip install .' needs nothing beyond PyPI and no page loads anything from a CDN.
#   bash scripts/vendor-web-assets.sh            # the pinned versions below
#   YASGUI=4.6.2 bash scripts/vendor-web-assets.sh
set -euo pipefail
cd "$(dirname "$0")/.."
YASGUI="${YASGUI:-4.6.2}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@zazuko/yasgui@$YASGUI" >/dev/null && tar xzf zazuko-yasgui-*.tgz)
target=src/nrcgraph/web/static/yasgui
mkdir -p "$target"
cp "$work/package/build/yasgui.min.js" "$work/package/build/yasgui.min.css" "$target/"
# The npm package ships no licence file; its package.json declares MIT (Triply, Zazuko).
node -e "const p=require('$work/package/package.json'); console.log(JSON.stringify({name:p.name, version:p.version, license:p.license, homepage:p.homepage, author:p.author}, null, 1))" > "$target/package.json"
cat > "$target/LICENSE" <<LICENCE
@zazuko/yasgui $YASGUI (https://github.com/zazuko/Yasgui), vendored unmodified from the npm registry.
Its package.json declares the MIT licence; authors: Triply <info@triply.cc> and Zazuko GmbH.

The MIT License (MIT)

Copyright (c) Triply B.V. and Zazuko GmbH

Permission is hereby granted, free of charge, to any person obtaining a copy of this
software and associated documentation files (the "Software"), to deal in the Software
without restriction, including without limitation the rights to use, copy, modify, merge,
publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons
to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR
PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE
FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
DEALINGS IN THE SOFTWARE.
LICENCE
echo "vendored @zazuko/yasgui $YASGUI into $target"
