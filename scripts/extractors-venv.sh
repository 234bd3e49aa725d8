# Sourced by the scripts that run HTML extractors: makes a venv under
# target/ with them (once) and sets $venv to it.
venv=target/extractors-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
fi
"$venv/bin/python" -c 'import trafilatura, readability, html2text, justext, bs4, inscriptis, html_text, boilerpy3, newspaper, goose3, markdownify, resiliparse' 2>/dev/null ||
  "$venv/bin/pip" install -q trafilatura readability-lxml lxml_html_clean html2text justext beautifulsoup4 \
    inscriptis html-text boilerpy3 newspaper4k goose3 markdownify resiliparse
