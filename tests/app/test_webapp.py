"""The app shell at `/`, its manifest, icons and cache lifetimes (the browser tests drive the app itself)."""

from __future__ import annotations

import gzip
import json
import re
import struct

import pytest

from tests.support.paths import ROOT

STATIC = ROOT / "static"


def test_the_root_serves_the_app_shell_revalidated_on_every_load(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert re.search(rb'"/app/main\.js\?v=\w+"', response.data)  # the app's entry, versioned
    assert response.headers["Cache-Control"] == "no-cache"
    again = client.get("/", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path", ["/sw.js", "/manifest.webmanifest", "/app/sync.js"])
def test_unversioned_files_are_revalidated(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"


def test_versioned_assets_are_cached_for_a_year(client):
    version = re.search(rb"/app/main\.js\?v=(\w+)", client.get("/").data).group(1).decode()
    response = client.get(f"/app/main.js?v={version}")
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_the_apps_files_go_out_compressed_and_still_revalidate_but_api_answers_do_not(client):
    """A slow phone network carries a third of the bytes. API answers mix private data with what a request
    sends (BREACH), and PNGs are compressed already."""
    for path in ("/", "/app/sync.js", "/app/ui.js?v=1", "/manifest.webmanifest"):
        plain = client.get(path)
        packed = client.get(path, headers={"Accept-Encoding": "gzip, deflate"})
        assert packed.headers.get("Content-Encoding") == "gzip" and "Accept-Encoding" in packed.headers["Vary"], path
        assert gzip.decompress(packed.data) == plain.data and len(packed.data) < len(plain.data)
        assert int(packed.headers["Content-Length"]) == len(packed.data)
        assert packed.headers["ETag"] != plain.headers["ETag"]  # the compressed copy has its own
        assert packed.headers["Cache-Control"] == plain.headers["Cache-Control"]
        again = client.get(path, headers={"Accept-Encoding": "gzip, deflate", "If-None-Match": packed.headers["ETag"]})
        assert (again.status_code, again.data) == (304, b""), path
    for path in ("/api/v1/meta", "/icons/icon-192.png"):
        response = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200 and "Content-Encoding" not in response.headers, path


def test_the_service_worker_precaches_the_shell_the_page_asks_for():
    """A version bumped in index.html but not in sw.js would leave phones on the old shell."""
    shell = (STATIC / "index.html").read_text()
    worker = (STATIC / "sw.js").read_text()
    assets = re.findall(r'(?:href|src)(?:=|: )"(/[^"]+\?v=\w+)"', shell)  # attributes, and the loader's script
    assert assets
    for asset in assets:
        assert f'"{asset}"' in worker
    listed = set(re.findall(r'"(/app/[^"?]+\.js)"', worker))
    on_disk = {"/" + str(path.relative_to(STATIC)) for path in (STATIC / "app").rglob("*.js")} - {"/app/main.js"}
    assert listed == on_disk


def test_the_modules_the_shell_preloads_are_files_of_the_app():
    """A module renamed but still named by the shell's loader would cost every first visit a 404."""
    loader = re.search(r"for \(const name of \[(.*?)\]\)", (STATIC / "index.html").read_text(), re.DOTALL)
    names = re.findall(r'"([\w/]+)"', loader.group(1))
    assert "app" in names and "screens/today" in names
    for name in names:
        assert (STATIC / "app" / f"{name}.js").is_file(), name


def _png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_manifest_names_real_icons_of_the_sizes_it_claims(client):
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert (manifest["display"], manifest["start_url"][0], manifest["scope"]) == ("standalone", "/", "/")
    purposes = set()
    for icon in manifest["icons"]:
        width, height = _png_size(STATIC / icon["src"].lstrip("/"))
        assert icon["sizes"] == f"{width}x{height}"
        purposes.add(icon.get("purpose", "any"))
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
    assert "maskable" in purposes


def test_the_manifest_shows_a_phone_and_a_wide_screenshot_of_the_sizes_it_claims():
    """Chrome's richer install dialog wants both form factors, each a real PNG of the size declared."""
    manifest = json.loads((STATIC / "manifest.webmanifest").read_text())
    for shot in manifest["screenshots"]:
        width, height = _png_size(STATIC / shot["src"].lstrip("/"))
        assert (shot["sizes"], shot["type"]) == (f"{width}x{height}", "image/png")
        assert shot["label"]
        # Chrome ignores screenshots smaller than 320 px or longer than 2.3 times their width.
        assert min(width, height) >= 320 and max(width, height) <= 2.3 * min(width, height)
        assert (width < height) == (shot["form_factor"] == "narrow")
    assert sorted(shot["form_factor"] for shot in manifest["screenshots"]) == ["narrow", "wide"]


#: `import ... from "x"`, `export ... from "x"` and `import("x")`: every way one module of the app loads another.
IMPORT = re.compile(
    r"""(?:^\s*(?:import|export)\b[^"';]*?\bfrom\s*|^\s*import\s*|\bimport\s*\(\s*)["']([^"']+)["']""", re.MULTILINE
)


def _imports() -> dict[str, set[str]]:
    """Each module of static/app and the modules it loads, as paths relative to static/."""
    graph = {}
    for path in (STATIC / "app").rglob("*.js"):
        loaded = {(path.parent / target).resolve() for target in IMPORT.findall(path.read_text())}
        graph[str(path.relative_to(STATIC))] = {str(module.relative_to(STATIC)) for module in loaded}
    return graph


def test_the_import_parser_sees_static_and_dynamic_imports():
    assert IMPORT.findall(
        'import { a } from "./a.js";\nimport * as b from "../b.js";\nexport { c } from "./c.js";\n'
        'const d = () => import("./d.js");\nimport "./e.js";\n// an import of nothing\n'
    ) == ["./a.js", "../b.js", "./c.js", "./d.js", "./e.js"]


def test_only_the_entry_imports_app_js_and_no_screen_imports_another():
    graph = _imports()
    assert all(set(graph) >= loaded for loaded in graph.values()), "an import names a file that does not exist"
    assert {module for module, loaded in graph.items() if "app/app.js" in loaded} == {"app/main.js"}
    assert not [module for module, loaded in graph.items() if "app/main.js" in loaded]
    for module, loaded in graph.items():
        if module.startswith("app/screens/"):
            assert not [other for other in loaded if other.startswith("app/screens/")], module


def test_the_app_modules_import_each_other_without_a_cycle():
    """Dynamic imports count too: a screen that imports the module that loads it is a cycle."""
    graph = _imports()
    done: set[str] = set()

    def visit(module, path):
        assert module not in path, "import cycle: " + " -> ".join([*path, module])
        if module in done:
            return
        for loaded in sorted(graph[module]):
            visit(loaded, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
