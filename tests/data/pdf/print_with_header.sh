#!/bin/sh
# Prints a text fixture through LibreOffice Writer with a running header and a numbered footer
# ("FOOTER　第N页") on every page, as tests/data/pdf/README.md describes. Needs a built nianbao
# ($NIANBAO, default build-asan/bin/nianbao), soffice, unzip, zip and python3. Not run by the tests.
# usage: print_with_header.sh FIXTURE.txt OUT.pdf HEADER FOOTER
set -e
work=$(mktemp -d)
nianbao=${NIANBAO:-$(pwd)/build-asan/bin/nianbao}
$nianbao import "$1" --to html -o "$work/report.html"
soffice -env:UserInstallation=file://$work/profile --headless --infilter="HTML (StarWriter)" --convert-to odt --outdir "$work" "$work/report.html" >/dev/null 2>&1
mkdir "$work/odt" && cd "$work/odt" && unzip -q ../report.odt
python3 - "$3" "$4" <<'PY'
import re, sys
header, footer = sys.argv[1], sys.argv[2]
s = open('styles.xml', encoding='utf-8').read()
hf = ('<style:header><text:p>%s</text:p></style:header>' % header +
      '<style:footer><text:p>%s　第<text:page-number text:select-page="current">1</text:page-number>页</text:p></style:footer>' % footer)
s = re.sub(r'(<style:master-page style:name="(?:Standard|HTML)"[^>]*?)/>', lambda m: m.group(1) + '>' + hf + '</style:master-page>', s)
open('styles.xml', 'w', encoding='utf-8').write(s)
PY
zip -q -X -0 ../header.odt mimetype && zip -q -X -r ../header.odt . -x mimetype
cd "$work" && soffice -env:UserInstallation=file://$work/profile --headless --convert-to pdf:writer_pdf_Export header.odt >/dev/null 2>&1
cp "$work/header.pdf" "$2"
rm -rf "$work"
