//! Keeps the app's layers as `lib.rs` describes them, by reading the
//! sources: every `crate::…` and `super::…` path in a module is an edge of
//! the module graph, and the test fails on an edge that goes up a layer, on
//! a step or widget that reaches storage or the submit service, and on any
//! cycle among the modules. A test rather than a module-graph tool from the
//! crate registry: it runs in the native tests that already exist, in
//! milliseconds, with nothing more to install, and it states the rule
//! itself rather than a graph for someone to read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top to bottom; a module may use its own layer and the ones below.
const LAYERS: &[&[&str]] = &[&["host", "lib", "architecture"], &["shell"], &["steps"], &["widgets"], &["state"], &["services"], &["step", "i18n"]];

/// What only the shell may use, whatever the layers allow.
const SHELL_ONLY: &[&str] = &["services::storage", "services::submit"];

/// Every module of `src/` by path (`steps::account`), with its source.
fn modules(src: &Path) -> BTreeMap<String, String> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(src, &mut files);
    files
        .into_iter()
        .map(|file| {
            let relative = file.strip_prefix(src).unwrap().with_extension("");
            let mut parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            (parts.join("::"), std::fs::read_to_string(&file).unwrap())
        })
        .collect()
}

/// The source without comments (a doc comment may name any module).
fn code(source: &str) -> String {
    source.lines().map(|line| line.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// Paths after `crate::` and `super::` (including `use crate::{a, b::c}` groups), as written.
fn paths(module: &str, source: &str) -> Vec<String> {
    let text = code(source);
    let mut found = Vec::new();
    for (prefix, base) in [("crate::", String::new()), ("super::", parent(module))] {
        let mut rest = text.as_str();
        while let Some(at) = rest.find(prefix) {
            let before = rest[..at].chars().last();
            rest = &rest[at + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue; // `$crate::`, `foo::crate::`
            }
            let path: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
            let full = |tail: &str| if base.is_empty() { tail.trim_end_matches(':').to_owned() } else { format!("{base}::{}", tail.trim_end_matches(':')) };
            if rest[path.len()..].starts_with('{') {
                // `crate::state::{a, b::c}`: each member of the group.
                let group: String = rest[path.len() + 1..].chars().take_while(|c| *c != '}').collect();
                for member in group.split(',').map(str::trim).filter(|m| !m.is_empty()) {
                    found.push(full(&format!("{path}{member}")));
                }
            } else {
                found.push(full(&path));
            }
        }
    }
    found
}

fn parent(module: &str) -> String {
    module.rsplit_once("::").map(|(p, _)| p.to_owned()).unwrap_or_default()
}

/// The module a path lands in: its longest prefix that is a module.
fn module_of(path: &str, known: &BTreeMap<String, String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len()).rev().map(|n| parts[..n].join("::")).find(|candidate| known.contains_key(candidate))
}

fn layer(module: &str) -> usize {
    let top = module.split("::").next().unwrap();
    LAYERS.iter().position(|names| names.contains(&top)).unwrap_or_else(|| panic!("{module} is in no layer"))
}

/// Module → the other modules it uses.
fn graph(known: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    known
        .iter()
        .map(|(module, source)| {
            let uses = paths(module, source)
                .iter()
                .filter_map(|p| module_of(p, known))
                .filter(|target| target != module && !module.starts_with(&format!("{target}::")))
                .collect();
            (module.clone(), uses)
        })
        .collect()
}

/// Every edge that breaks the layer rule, as `from -> to`.
fn layer_violations(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut wrong = Vec::new();
    for (from, uses) in graph {
        for to in uses {
            let upward = layer(to) < layer(from);
            let reserved = SHELL_ONLY.iter().any(|r| to == r || to.starts_with(&format!("{r}::"))) && [2, 3].contains(&layer(from));
            if upward || reserved {
                wrong.push(format!("{from} -> {to}"));
            }
        }
    }
    wrong
}

/// The modules of one cycle, if the graph has any (depth-first search).
fn a_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit<'a>(node: &'a str, graph: &'a BTreeMap<String, BTreeSet<String>>, path: &mut Vec<&'a str>, done: &mut BTreeSet<&'a str>) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| *n == node) {
            return Some(path[at..].iter().chain([&node]).map(|s| (*s).to_owned()).collect());
        }
        if !done.insert(node) {
            return None;
        }
        path.push(node);
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|start| visit(start, graph, &mut Vec::new(), &mut done))
}

fn app_graph() -> BTreeMap<String, BTreeSet<String>> {
    let known = modules(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(known.len() > 30, "the sources were found");
    graph(&known)
}

#[test]
fn imports_only_go_down_the_layers() {
    assert_eq!(layer_violations(&app_graph()), Vec::<String>::new());
}

#[test]
fn no_module_imports_itself_round_a_cycle() {
    assert_eq!(a_cycle(&app_graph()), None);
}

#[test]
fn the_check_sees_what_it_must() {
    let known: BTreeMap<String, String> = [
        ("lib", ""),
        ("state", "use crate::services::api::Api;"),
        ("state::flow", "use super::fields;"),
        ("state::fields", "use crate::state::{flow::Flow, Checks};"),
        ("services::api", "// crate::state is named here only in a comment"),
        ("steps::account", "crate::services::storage::save(&x);"),
        ("widgets::fields", "use crate::{steps::account, i18n::Key};"),
    ]
    .into_iter()
    .map(|(m, s)| (m.to_owned(), s.to_owned()))
    .collect();
    let edges = graph(&known);
    assert_eq!(edges["state::flow"], BTreeSet::from(["state::fields".to_owned()]));
    assert_eq!(a_cycle(&edges), Some(vec!["state::fields".into(), "state::flow".into(), "state::fields".into()]));
    assert_eq!(layer_violations(&edges), ["widgets::fields -> steps::account"]);
    assert!(edges["services::api"].is_empty(), "comments are not code");
    assert!(edges["steps::account"].is_empty(), "services::storage is not among these modules");
    let with_storage: BTreeMap<String, String> =
        [("steps::account", "crate::services::storage::save(&x);"), ("services::storage", ""), ("shell", "use crate::services::storage;")]
            .into_iter()
            .map(|(m, s)| (m.to_owned(), s.to_owned()))
            .collect();
    assert_eq!(layer_violations(&graph(&with_storage)), ["steps::account -> services::storage"]);
}
