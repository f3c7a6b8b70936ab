#!/bin/sh
# Renders the icons from their SVG sources (Debian: librsvg2-bin).
# The outputs are committed, so a build needs none of these tools; run this after changing an SVG.
# electron-builder makes the .icns (macOS) and .ico (Windows) from icon.png itself.
set -eu
cd "$(dirname "$0")"
rsvg-convert -w 512 -h 512 icon.svg -o icon.png
mkdir -p png
for s in 16 32 48 64 128 256 512; do rsvg-convert -w "$s" -h "$s" icon.svg -o "png/${s}x${s}.png"; done
# Tray: the app icon in colour (Linux, Windows) and a template glyph (macOS), each with a @2x.
rsvg-convert -w 16 -h 16 icon.svg -o tray.png
rsvg-convert -w 32 -h 32 icon.svg -o tray@2x.png
rsvg-convert -w 16 -h 16 tray-template.svg -o trayTemplate.png
rsvg-convert -w 32 -h 32 tray-template.svg -o trayTemplate@2x.png
