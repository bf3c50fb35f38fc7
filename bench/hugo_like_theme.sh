#!/usr/bin/env bash
# Gives a generated knead site (gen_corpus.py --flavor knead) a theme whose templates write the
# pages the Hugo flavour's three layouts write: a head with the title, description and canonical
# link, a header link home, the title as h1, a page's date and tag links, the body, a listing's
# links to its pages, a one-line footer. The clinic theme writes about twice as much per page (Open
# Graph and Twitter tags, JSON-LD, breadcrumbs, a table of contents, related pages, opening hours,
# call buttons); with this theme both tools build the same kind of page, and the comparison
# measures the generators rather than the themes. Everything else knead does stays on: the link
# and anchor check of the final HTML, SEO lints, feeds, sitemap, tags, autolinks, components and
# snippets (their templates are the clinic theme's). Idempotent.
#
#   bench/hugo_like_theme.sh SITE
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
site="$1"
theme="$site/themes/hugo-like"
rm -rf "$theme"
mkdir -p "$site/themes"
cp -R "$repo/themes/clinic" "$theme"
if grep -q '^theme:' "$site/site.yaml"; then
  sed -i 's/^theme:.*/theme: hugo-like/' "$site/site.yaml"
else
  printf 'theme: hugo-like\n' >>"$site/site.yaml"
fi
t="$theme/templates"
cat >"$t/base.html" <<'HTML'
<!DOCTYPE html><html lang="{{ site.language }}"><head><meta charset="utf-8"><title>{{ meta.title }}</title>
<meta name="description" content="{{ meta.description }}"><link rel="canonical" href="{{ meta.canonical }}"></head><body>
<header><a href="{{ site.home }}">{{ site.title }}</a></header><main>{% block main %}{% endblock %}</main><footer>{{ site.title }}</footer></body></html>
HTML
# service.html, about.html and contact.html extend page.html and fill these two blocks.
cat >"$t/page.html" <<'HTML'
{% extends "base.html" %}
{% block main %}<h1>{{ page.title }}</h1>
{% if page.date %}<time>{{ page.date.iso }}</time>{% endif %}<ul>{% for t in page.tags %}<li><a href="{{ t.url }}">{{ t.title }}</a></li>{% endfor %}</ul>
{% block before_content %}{% endblock %}{{ page.content | safe }}{% block after_content %}{% endblock %}{% endblock %}
HTML
cat >"$t/section.html" <<'HTML'
{% extends "base.html" %}
{% block main %}<h1>{{ section.title }}</h1>{{ section.content | safe }}
<ul>{% for s in section.subsections %}<li><a href="{{ s.url }}">{{ s.title }}</a></li>{% endfor %}{% for p in section.pages %}<li><a href="{{ p.url }}">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}
HTML
cp "$t/section.html" "$t/index.html"
cat >"$t/taxonomy_term.html" <<'HTML'
{% extends "base.html" %}
{% block main %}<h1>{{ term.title }}</h1>
<ul>{% for p in pages %}<li><a href="{{ p.url }}">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}
HTML
cat >"$t/taxonomy_list.html" <<'HTML'
{% extends "base.html" %}
{% block main %}<h1>Tags</h1>
<ul>{% for t in terms %}<li><a href="{{ t.url }}">{{ t.name }}</a></li>{% endfor %}</ul>{% endblock %}
HTML
