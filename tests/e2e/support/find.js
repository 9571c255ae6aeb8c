// The in-page half of the WebDriver adapter: finds elements as Playwright's
// getByRole / getByLabel / getByText do (through open shadow roots, by
// accessible name), for engines Playwright cannot drive. It runs inside the
// page as the body of a WebDriver script, so it is written as one
// self-contained function and sent as source text.

/* eslint-disable no-undef */
export function findInPage(steps, roots) {
  const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
  const matcher = (m, exact) => {
    if (m && m.regex) {
      const re = new RegExp(m.regex, m.flags);
      return (text) => re.test(norm(text));
    }
    const want = norm(m).toLowerCase();
    return exact ? (text) => norm(text) === norm(m) : (text) => norm(text).toLowerCase().includes(want);
  };

  // Every element under `root` in document order, descending into open shadow roots.
  const deep = (root) => {
    const out = [];
    const walk = (node) => {
      for (let child = node.firstElementChild; child; child = child.nextElementSibling) {
        out.push(child);
        if (child.shadowRoot) walk(child.shadowRoot);
        walk(child);
      }
    };
    if (root.shadowRoot) walk(root.shadowRoot);
    walk(root);
    return out;
  };

  const hidden = (el) => {
    for (let e = el; e; e = e.parentElement || e.getRootNode().host) {
      if (e.nodeType !== 1) break;
      if (e.hidden || e.getAttribute('aria-hidden') === 'true') return true;
      const s = getComputedStyle(e);
      if (s.display === 'none') return true;
      if (e === el && s.visibility !== 'visible') return true;
    }
    return false;
  };

  const implicitRole = (el) => {
    const tag = el.localName;
    const type = (el.getAttribute('type') || '').toLowerCase();
    switch (tag) {
      case 'button': return 'button';
      case 'a': case 'area': return el.hasAttribute('href') ? 'link' : null;
      case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6': return 'heading';
      case 'input':
        if (['button', 'submit', 'reset', 'image'].includes(type)) return 'button';
        if (type === 'checkbox') return 'checkbox';
        if (type === 'radio') return 'radio';
        if (type === 'number') return 'spinbutton';
        if (type === 'range') return 'slider';
        if (type === 'search') return el.hasAttribute('list') ? 'combobox' : 'searchbox';
        if (['', 'text', 'email', 'tel', 'url'].includes(type)) return el.hasAttribute('list') ? 'combobox' : 'textbox';
        return null;
      case 'textarea': return 'textbox';
      case 'select': return el.multiple || el.size > 1 ? 'listbox' : 'combobox';
      case 'option': return 'option';
      case 'fieldset': return 'group';
      case 'details': return 'group';
      case 'section': return el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') ? 'region' : null;
      case 'form': return el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') ? 'form' : null;
      case 'nav': return 'navigation';
      case 'main': return 'main';
      case 'table': return 'table';
      case 'tr': return 'row';
      case 'td': return 'cell';
      case 'th': return el.getAttribute('scope') === 'row' ? 'rowheader' : 'columnheader';
      case 'ul': case 'ol': return 'list';
      case 'li': return 'listitem';
      case 'dd': return 'definition';
      case 'dt': return 'term';
      case 'dialog': return 'dialog';
      case 'p': return 'paragraph';
      default: return null;
    }
  };
  const roleOf = (el) => (el.getAttribute('role') || '').split(/\s+/)[0] || implicitRole(el);

  const byId = (el, id) => el.getRootNode().getElementById?.(id) ?? document.getElementById(id);

  // Text of a subtree as a screen reader would name it from content.
  const contentText = (el) => {
    let out = '';
    for (const node of el.childNodes) {
      if (node.nodeType === 3) out += node.textContent;
      else if (node.nodeType === 1) {
        if (node.getAttribute('aria-hidden') === 'true' || getComputedStyle(node).display === 'none') continue;
        if (node.hasAttribute('aria-label')) out += ` ${node.getAttribute('aria-label')} `;
        else if (node.localName === 'select') out += ` ${node.selectedOptions?.[0]?.text ?? ''} `;
        else if (node.localName === 'textarea' || (node.localName === 'input'
          && !['checkbox', 'radio', 'button', 'submit', 'reset', 'hidden', 'image', 'file'].includes(node.type))) {
          // An embedded text field counts by its value (accname); the control being named counts not at all.
          if (!node.labels || ![...node.labels].includes(el)) out += ` ${node.value ?? ''} `;
        }
        else if (['input', 'button'].includes(node.localName) && node.closest('label') === el) continue;
        else {
          const display = getComputedStyle(node).display;
          const block = display !== 'inline' && display !== 'contents';
          out += (block ? ' ' : '') + contentText(node) + (block ? ' ' : '');
        }
      }
    }
    return out;
  };

  const labelText = (el) => {
    if (el.hasAttribute('aria-labelledby')) {
      return el.getAttribute('aria-labelledby').split(/\s+/).map((id) => byId(el, id)).filter(Boolean)
        .map(contentText).join(' ');
    }
    if (el.hasAttribute('aria-label')) return el.getAttribute('aria-label');
    if (el.labels && el.labels.length) return [...el.labels].map(contentText).join(' ');
    return null;
  };

  const NAME_FROM_CONTENT = new Set(['button', 'link', 'heading', 'cell', 'columnheader', 'rowheader', 'option',
    'checkbox', 'radio', 'row', 'term', 'definition', 'listitem', 'tab', 'menuitem', 'switch', 'tooltip', 'paragraph']);
  const accessibleName = (el, role) => {
    const label = labelText(el);
    if (label !== null) return norm(label);
    if (role === 'group' && el.localName === 'fieldset') {
      const legend = el.querySelector(':scope > legend');
      return norm(legend ? contentText(legend) : '');
    }
    if (role === 'table') {
      const caption = el.querySelector(':scope > caption');
      if (caption) return norm(contentText(caption));
    }
    if (el.localName === 'input' && ['button', 'submit', 'reset'].includes(el.type)) return norm(el.value);
    if (NAME_FROM_CONTENT.has(role)) return norm(contentText(el));
    if (el.hasAttribute('title')) return norm(el.getAttribute('title'));
    return '';
  };

  const stepFns = {
    css: (scope, s) => deep(scope).filter((el) => el.matches(s.selector)),
    role: (scope, s) => {
      const name = s.name === undefined ? null : matcher(s.name, s.exact);
      return deep(scope).filter((el) => {
        const role = roleOf(el);
        if (role !== s.role) return false;
        if (!s.includeHidden && hidden(el)) return false;
        if (s.level !== undefined) {
          const level = el.hasAttribute('aria-level') ? Number(el.getAttribute('aria-level')) : Number(el.localName.slice(1));
          if (level !== s.level) return false;
        }
        if (s.checked !== undefined && el.checked !== s.checked) return false;
        return !name || name(accessibleName(el, role));
      });
    },
    label: (scope, s) => {
      const m = matcher(s.text, s.exact);
      return deep(scope).filter((el) => {
        const label = labelText(el);
        return label !== null && m(label);
      });
    },
    text: (scope, s) => {
      const m = matcher(s.text, s.exact);
      return deep(scope).filter((el) => {
        if (['script', 'style', 'head', 'title'].includes(el.localName)) return false;
        if (!m(contentText(el))) return false;
        // The innermost element whose text matches, as Playwright's text engine.
        return ![...el.children].some((c) => m(contentText(c)));
      });
    },
  };

  let current = roots && roots.length ? roots : [document.documentElement];
  for (const s of steps) {
    if (s.kind === 'nth') {
      const i = s.index < 0 ? current.length + s.index : s.index;
      current = current[i] ? [current[i]] : [];
    } else if (s.kind === 'hasText') {
      const m = matcher(s.text, false);
      current = current.filter((el) => m(contentText(el)));
    } else if (s.kind === 'visible') {
      // Playwright's filter({ visible }): rendered with a box, not hidden.
      current = current.filter((el) => {
        const box = el.getBoundingClientRect();
        return (!hidden(el) && box.width > 0 && box.height > 0) === s.visible;
      });
    } else if (s.kind === 'or') {
      const other = findInPage(s.steps, s.roots);
      const set = new Set([...current, ...other]);
      current = [...set].sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    } else {
      const found = new Set();
      for (const scope of current) for (const el of stepFns[s.kind](scope, s)) found.add(el);
      current = [...found];
    }
  }
  return current;
}
