#!/usr/bin/env python3
"""Trunk post-build hook: remove the inline loader Trunk writes into index.html.

A strict Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval') blocks
inline scripts, so the app is started by the external module `wizard.js`.
Fails the build if an inline script would remain (other than the page's own
plain <script>, which the server allows by its hash).
"""
import os
import re
import sys

path = os.path.join(os.environ["TRUNK_STAGING_DIR"], "index.html")
html = open(path, encoding="utf-8").read()
html = re.sub(r"<script type=\"module\"[^>]*>(?!\s*</script>)[\s\S]*?</script>\s*", "", html, count=0)
# Trunk also preloads its own loader; wizard.js imports the same files.
# A plain <script> (no attributes) is the page's own, from scripts/prerender:
# the server allows it by its hash.
leftover = [s for s in re.findall(r"<script\b([^>]*)>([\s\S]*?)</script>", html)
            if s[0].strip() and ("src=" not in s[0] or s[1].strip())]
if leftover:
    sys.exit(f"inline script left in index.html: {leftover}")
open(path, "w", encoding="utf-8").write(html)
