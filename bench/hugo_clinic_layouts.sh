#!/usr/bin/env bash
# Gives a generated Hugo site (gen_corpus.py --flavor hugo) layouts that write the pages knead's
# clinic theme writes on the bench site: a head with Open Graph and Twitter tags, the section's
# feed link and a JSON-LD graph (business, website, web page, article, breadcrumbs); a header
# with the logo and a call button; breadcrumbs, a byline with the reading time, a table of
# contents on long pages, tag links, three related pages as cards (the newest pages of the page's
# first tag; Hugo 0.111's `.Related` adds 80 s to a 10,000-page build), a call to action; a footer
# with the phone and opening hours; a quick-action bar. The phone and hours are those
# bench/enable_features.sh gives the knead site. With these layouts Hugo builds the same kind of
# page as knead with the clinic theme. Idempotent.
#
#   bench/hugo_clinic_layouts.sh SITE
set -euo pipefail
site="$1"
layouts="$site/layouts"
rm -rf "$layouts"
mkdir -p "$layouts/_default" "$layouts/partials"
grep -q '^\[params\]' "$site/hugo.toml" || cat >>"$site/hugo.toml" <<'TOML'
[params]
  phone = "+1 (410) 555-0100"
  phoneHref = "tel:+14105550100"
  hours = [["Monday to Friday", "9 am to 6 pm"], ["Saturday", "9 am to 2 pm"]]
  openingHours = ["Mo-Fr 09:00-18:00", "Sa 09:00-14:00"]
TOML
cat >"$layouts/partials/jsonld.html" <<'HTML'
{{- $business := dict "@id" (printf "%s#business" site.BaseURL) "@type" "HealthAndBeautyBusiness" "name" site.Title "openingHours" site.Params.openingHours "telephone" site.Params.phone "url" site.BaseURL -}}
{{- $website := dict "@id" (printf "%s#website" site.BaseURL) "@type" "WebSite" "inLanguage" "en" "name" site.Title "publisher" (dict "@id" (printf "%s#business" site.BaseURL)) "url" site.BaseURL -}}
{{- $crumbs := slice -}}
{{- range $i, $a := .Ancestors.Reverse -}}{{- $crumbs = $crumbs | append (dict "@type" "ListItem" "item" $a.Permalink "name" $a.Title "position" (add $i 1)) -}}{{- end -}}
{{- $crumbs = $crumbs | append (dict "@type" "ListItem" "item" .Permalink "name" .Title "position" (add (len .Ancestors) 1)) -}}
{{- $page := dict "@id" (printf "%s#webpage" .Permalink) "@type" "WebPage" "breadcrumb" (dict "@id" (printf "%s#breadcrumb" .Permalink)) "description" .Description "inLanguage" "en" "isPartOf" (dict "@id" (printf "%s#website" site.BaseURL)) "name" .Title "url" .Permalink -}}
{{- $graph := slice $business $website $page -}}
{{- if .IsPage -}}
{{- $page = merge $page (dict "dateModified" (.Lastmod.Format "2006-01-02") "datePublished" (.Date.Format "2006-01-02")) -}}
{{- $graph = slice $business $website $page (dict "@id" (printf "%s#article" .Permalink) "@type" "Article" "author" (dict "@id" (printf "%s#business" site.BaseURL)) "dateModified" (.Lastmod.Format "2006-01-02") "datePublished" (.Date.Format "2006-01-02") "description" .Description "headline" .Title "inLanguage" "en" "keywords" .Params.tags "mainEntityOfPage" (dict "@id" (printf "%s#webpage" .Permalink)) "publisher" (dict "@id" (printf "%s#business" site.BaseURL))) -}}
{{- end -}}
{{- $graph = $graph | append (dict "@id" (printf "%s#breadcrumb" .Permalink) "@type" "BreadcrumbList" "itemListElement" $crumbs) -}}
<script type="application/ld+json">{{ dict "@context" "https://schema.org" "@graph" $graph | jsonify | safeJS }}</script>
HTML
cat >"$layouts/partials/breadcrumbs.html" <<'HTML'
<nav class="crumbs" aria-label="Breadcrumb">
<ol>{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ if .IsHome }}Home{{ else }}{{ .Title }}{{ end }}</a></li>{{ end }}<li><span aria-current="page">{{ .Title }}</span></li></ol>
</nav>
HTML
cat >"$layouts/partials/card.html" <<'HTML'
<li class="card">
<h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time> · {{ .ReadingTime }} min read</p>
<p>{{ .Description }}</p>
</li>
HTML
cat >"$layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>{{ .Title }} | {{ site.Title }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="canonical" href="{{ .Permalink }}">
<meta name="color-scheme" content="light dark">
<meta name="theme-color" content="#ffffff" media="(prefers-color-scheme: light)">
<meta name="theme-color" content="#0f1719" media="(prefers-color-scheme: dark)">
<meta property="og:type" content="{{ if .IsPage }}article{{ else }}website{{ end }}">
<meta property="og:site_name" content="{{ site.Title }}">
<meta property="og:title" content="{{ .Title }} | {{ site.Title }}">
<meta property="og:description" content="{{ .Description }}">
<meta property="og:url" content="{{ .Permalink }}">
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="{{ .Title }} | {{ site.Title }}">
<meta name="twitter:description" content="{{ .Description }}">
{{ with .FirstSection }}{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" title="{{ $.FirstSection.Title }} | {{ site.Title }} (RSS)" href="{{ .RelPermalink }}">
{{ end }}{{ end }}<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/style.css">
{{ partial "jsonld.html" . }}
</head>
<body class="has-quickbar">
<a class="skip" href="#main">Skip to main content</a>
<header class="site-header">
<div class="wrap bar">
<a class="brand" href="/"><svg class="logo" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false"><rect width="32" height="32" rx="8"/><path d="M8 20c3-7 5-7 8 0s5 7 8 0M8 13c3-7 5-7 8 0s5 7 8 0"/></svg><span>{{ site.Title }}</span></a>
<nav class="nav" aria-label="Main">
<ul>
{{ range site.Menus.main }}<li><a href="{{ .URL }}">{{ .Name }}</a></li>
{{ end }}</ul>
</nav>
<p class="actions"><a class="btn" href="{{ site.Params.phoneHref | safeURL }}">Call {{ site.Params.phone }}</a></p>
</div>
</header>
<main id="main">
<div class="wrap">
{{ block "main" . }}{{ end }}
<aside class="cta" aria-labelledby="cta-h">
<h2 id="cta-h">{{ if .IsPage }}Want hands-on help?{{ else }}Ready to feel better?{{ end }}</h2>
<p>Call us to book a session.</p>
<p class="btn-row"><a class="btn" href="{{ site.Params.phoneHref | safeURL }}">Call {{ site.Params.phone }}</a></p>
</aside>
</div>
</main>
<footer class="site-footer">
<div class="wrap foot">
<section class="foot-col" aria-labelledby="ft-clinic">
<h2 id="ft-clinic">{{ site.Title }}</h2>
<ul class="facts">
<li>Phone: <a href="{{ site.Params.phoneHref | safeURL }}">{{ site.Params.phone }}</a></li>
</ul>
<h3>Opening hours</h3>
<ul class="facts hours-list">{{ range site.Params.hours }}<li>{{ index . 0 }}: {{ index . 1 }}</li>{{ end }}</ul>
</section>
<nav class="foot-col" aria-labelledby="ft-explore">
<h2 id="ft-explore">Explore</h2>
<ul class="links">
{{ range site.Menus.main }}<li><a href="{{ .URL }}">{{ .Name }}</a></li>
{{ end }}<li><a href="/tags/">Topics</a></li>
</ul>
</nav>
<section class="foot-col" aria-labelledby="ft-visit">
<h2 id="ft-visit">Visit us</h2>
<ul class="links">
<li><a href="{{ site.Params.phoneHref | safeURL }}">Call to book</a></li>
</ul>
</section>
</div>
<div class="wrap">
<div class="fine">
<p>© {{ site.Title }}</p>
</div>
</div>
</footer>
<nav class="quickbar" aria-label="Quick actions">
<a class="btn" href="{{ site.Params.phoneHref | safeURL }}">Call {{ site.Params.phone }}</a>
</nav>
</body>
</html>
HTML
cat >"$layouts/_default/single.html" <<'HTML'
{{ define "main" }}<article class="article">
{{ partial "breadcrumbs.html" . }}<header class="page-head">
<h1>{{ .Title }}</h1>
{{ with .Description }}<p class="lead">{{ . }}</p>
{{ end }}<p class="byline">Published <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time> · {{ .ReadingTime }} min read</p>
</header>
{{ if gt .WordCount 700 }}<nav class="toc" aria-labelledby="toc-h">
<h2 id="toc-h">On this page</h2>
{{ .TableOfContents }}
</nav>
{{ end }}<div class="prose content">
{{ .Content }}
</div>
{{ with .Params.tags }}<p class="tags"><span>Topics:</span>{{ range . }} <a href="{{ (print "/tags/" (. | urlize) "/") }}">{{ . | humanize }}</a>{{ end }}</p>
{{ end }}{{ $related := slice }}{{ with .Params.tags }}{{ with index site.Taxonomies.tags (index . 0 | urlize) }}{{ $related = where (first 4 .Pages) "Permalink" "ne" $.Permalink }}{{ end }}{{ end }}{{ with first 3 $related }}<section class="aside-block" aria-labelledby="more-h">
<h2 id="more-h">Keep reading</h2>
<ul class="cards">
{{ range . }}{{ partial "card.html" . }}{{ end }}</ul>
</section>
{{ end }}</article>
{{ end }}
HTML
cat >"$layouts/_default/list.html" <<'HTML'
{{ define "main" }}{{ if not .IsHome }}{{ partial "breadcrumbs.html" . }}{{ end }}<header class="page-head">
<h1>{{ .Title }}</h1>
{{ with .Description }}<p class="lead">{{ . }}</p>{{ end }}
</header>
<div class="prose content">
{{ .Content }}
</div>
<ul class="cards list">
{{ range .Pages }}{{ partial "card.html" . }}{{ end }}</ul>
{{ end }}
HTML
