//! Keyboard shortcuts: j/k move through the results, Enter or o opens one, u or Esc goes back, s/m/n
//! press the current article's save, read and note buttons, / goes to the search box, ? lists every key.
//! One document-level listener; which key means what, and when keys are off, are pure and tested natively.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use tumen_core::index::Query;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent, MutationObserver, MutationObserverInit};

use crate::client::{use_client, Client};
use crate::i18n::{text, use_strings, Strings};
use crate::url_state::{navigator, use_url_view, UrlView};

/// What a key asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Next,
    Previous,
    Open,
    Back,
    Save,
    ToggleRead,
    Note,
    Search,
    Help,
    Escape,
}

impl Action {
    /// What the help dialog says the key does.
    pub fn describe(self, t: &Strings) -> &'static str {
        match self {
            Action::Next => t.key_next,
            Action::Previous => t.key_previous,
            Action::Open => t.key_open,
            Action::Back => t.key_back,
            Action::Save => t.key_save,
            Action::ToggleRead => t.key_read,
            Action::Note => t.key_note,
            Action::Search => t.key_search,
            Action::Help => t.key_help,
            Action::Escape => t.key_escape,
        }
    }
}

/// The help dialog's rows, in its order: the keys as their keycaps read, and what they do.
/// Every action is listed once (a test holds the table and [`action`] to each other).
pub const SHORTCUTS: [(&[&str], Action); 10] = [
    (&["j"], Action::Next),
    (&["k"], Action::Previous),
    (&["Enter", "o"], Action::Open),
    (&["u"], Action::Back),
    (&["s"], Action::Save),
    (&["m"], Action::ToggleRead),
    (&["n"], Action::Note),
    (&["/"], Action::Search),
    (&["?"], Action::Help),
    (&["Esc"], Action::Escape),
];

/// Where the keyboard focus is when a key is pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// Nowhere in particular (the page, a heading, text): every key works.
    Page,
    /// A field being typed in: only Esc works, the other keys are the reader's text.
    Typing,
    /// A result's title link: Enter opens it the way o does.
    ResultLink,
    /// Another control (link, button, checkbox, summary): Enter keeps its own meaning.
    Control,
}

/// A key press as the browser describes it (`KeyboardEvent`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Press<'a> {
    pub key: &'a str,
    pub code: &'a str,
    pub shift: bool,
    pub ctrl: bool,
    pub alt: bool,
    pub meta: bool,
    /// In the middle of an input method's composition (a Hangul syllable being built).
    pub composing: bool,
}

/// The action a key press asks for, if any. Esc always counts (it leaves a field and closes
/// the dialog); every other key is off while typing in a field or with Ctrl, Alt or Meta held,
/// so the browser's and the system's own shortcuts stay theirs.
pub fn action(press: &Press, focus: Focus) -> Option<Action> {
    if press.composing {
        return None;
    }
    if matches!(press.key, "Escape" | "Esc") {
        return Some(Action::Escape);
    }
    if press.ctrl || press.alt || press.meta || focus == Focus::Typing {
        return None;
    }
    if press.key == "Enter" {
        // Shift+Enter on a link opens a window: not ours.
        return (!press.shift && matches!(focus, Focus::Page | Focus::ResultLink)).then_some(Action::Open);
    }
    Some(match typed(press)? {
        'j' => Action::Next,
        'k' => Action::Previous,
        'o' => Action::Open,
        'u' => Action::Back,
        's' => Action::Save,
        'm' => Action::ToggleRead,
        'n' => Action::Note,
        '/' => Action::Search,
        '?' => Action::Help,
        _ => return None,
    })
}

/// The character a key types. `key` is right for any Latin layout (Dvorak's j is where its
/// keycap says); with a Hangul layout on, `key` is a jamo (ㅓ for J), so the physical key
/// (`code`, named after the US keycap) stands in, and j is still j for a Korean reader.
fn typed(press: &Press) -> Option<char> {
    let mut chars = press.key.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_ascii() {
            return Some(c);
        }
    }
    if let Some(letter) = press.code.strip_prefix("Key") {
        let mut chars = letter.chars();
        return match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii_alphabetic() && !press.shift => Some(c.to_ascii_lowercase()),
            _ => None,
        };
    }
    match press.code {
        "Slash" if press.shift => Some('?'),
        "Slash" => Some('/'),
        _ => None,
    }
}

/// Whether an element (lower-case tag name, an input's `type`, `isContentEditable`, `role`) takes
/// typed text, so letters pressed there are the reader's words, not shortcuts. Inputs that take
/// no text (checkboxes, radios, buttons, ranges, colours, files) are not fields: a facet box just
/// ticked must not swallow j.
pub fn is_text_entry(tag: &str, input_type: Option<&str>, editable: bool, role: Option<&str>) -> bool {
    if editable || matches!(role, Some("textbox" | "searchbox" | "combobox")) {
        return true;
    }
    match tag {
        "textarea" | "select" => true,
        "input" => !matches!(
            input_type.map(str::to_ascii_lowercase).as_deref(),
            Some("checkbox" | "radio" | "button" | "submit" | "reset" | "image" | "range" | "color" | "file" | "hidden")
        ),
        _ => false,
    }
}

/// Whether Enter on an element already does something of its own (follows, presses, toggles).
pub fn is_control(tag: &str, role: Option<&str>) -> bool {
    matches!(tag, "a" | "button" | "summary" | "input" | "area")
        || matches!(role, Some("button" | "link" | "checkbox" | "radio" | "switch" | "tab" | "menuitem" | "option"))
}

/// Where j or k takes the current card on a page of `len` cards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    To(usize),
    /// Past the last card: the next page's first.
    NextPage,
    /// Before the first card: the previous page's last.
    PreviousPage,
}

pub fn step(current: Option<usize>, len: usize, forward: bool) -> Option<Step> {
    if len == 0 {
        return None;
    }
    let Some(i) = current else { return Some(Step::To(0)) };
    let i = i.min(len - 1);
    Some(match forward {
        true if i + 1 < len => Step::To(i + 1),
        true => Step::NextPage,
        false if i > 0 => Step::To(i - 1),
        false => Step::PreviousPage,
    })
}

// The DOM the keys rely on: the only meeting point with the list, the article view and the
// save/read/note buttons another part of the reader adds, so none of them shares code with this.
/// A result card: `<li class="result" data-article="ID">`, its first link the title link.
const CARD: &str = "li.result[data-article]";
/// The open article's root element: `<article data-article="ID">`.
const ARTICLE: &str = "article[data-article]";
/// The class that marks the current card (with `aria-current="true"`).
const CURRENT: &str = "is-current";
const KEYBOARD_MODE: &str = "data-keyboard";
const SEARCH_INPUT: &str = "search-input";
const ARTICLE_HEADING: &str = "article-title";
/// How many frames n waits for the opened article's note button (about five seconds).
const NOTE_WAIT_FRAMES: u32 = 300;

/// Where the current card lands once the list it is waiting for is on screen.
#[derive(Clone, Debug, PartialEq)]
enum Anchor {
    /// The card of the article that was open (going back from it).
    Article(String),
    /// The first or last card of this page (j past the end, k before the start).
    First(usize),
    Last(usize),
}

/// Goes to a view: (query, page, replace history), as [`navigator`] makes it.
type Navigate = Box<dyn Fn(&Query, usize, bool)>;

/// The state behind the keys, shared by the listeners (one page, one thread: `Rc`).
struct Keys {
    /// Cleared on unmount: a frame already asked for must not touch disposed signals.
    live: Cell<bool>,
    /// The current card, by its index within the page.
    current: RwSignal<Option<usize>>,
    anchor: RefCell<Option<Anchor>>,
    /// The element focused last, to tell a focus lost to a re-render from one the reader moved.
    last_focused: RefCell<Option<Element>>,
    /// Where focus was when the dialog opened, to return it there.
    before_dialog: RefCell<Option<HtmlElement>>,
    frame_pending: Cell<bool>,
    view: UrlView,
    client: Client,
    navigate: Navigate,
    dialog: NodeRef<leptos::html::Dialog>,
}

/// The listeners, kept to be removed when the component goes.
struct Listeners {
    keys: Rc<Keys>,
    keydown: Closure<dyn FnMut(KeyboardEvent)>,
    focusin: Closure<dyn FnMut(web_sys::Event)>,
    pointerdown: Closure<dyn FnMut()>,
    /// Held only to stay alive as long as the observer calls it.
    _mutations: Closure<dyn FnMut()>,
    observer: Option<MutationObserver>,
}

fn cards() -> Vec<HtmlElement> {
    let Ok(list) = document().query_selector_all(CARD) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)?.dyn_into::<HtmlElement>().ok()).collect()
}

fn title_link(card: &Element) -> Option<HtmlElement> {
    card.query_selector("a[href]").ok().flatten()?.dyn_into().ok()
}

fn article_root() -> Option<Element> {
    document().query_selector(ARTICLE).ok().flatten()
}

/// The button `<… data-key-action="NAME">` inside a card or the article, if that part of the
/// reader has one.
fn action_button(scope: &Element, name: &str) -> Option<HtmlElement> {
    scope.query_selector(&format!("[data-key-action=\"{name}\"]")).ok().flatten()?.dyn_into().ok()
}

fn focus(el: &HtmlElement) {
    let _ = el.focus();
}

fn by_id(id: &str) -> Option<HtmlElement> {
    document().get_element_by_id(id)?.dyn_into().ok()
}

/// Marks the page as driven by keys (`<html data-keyboard>`) until the next pointer press. Focus
/// moved by script after a re-render (the article's heading, a card's link given back) gets no
/// focus ring from the browser's own rule, which follows the element that had focus before (gone);
/// the style sheet draws it for those elements while the reader is using keys.
fn keyboard_mode(on: bool) {
    if let Some(root) = document().document_element() {
        let _ = if on { root.set_attribute(KEYBOARD_MODE, "") } else { root.remove_attribute(KEYBOARD_MODE) };
    }
}

fn request_frame(f: impl FnOnce() + 'static) {
    let f = Closure::once_into_js(f);
    let _ = window().request_animation_frame(f.unchecked_ref());
}

impl Keys {
    /// Whether an article is on screen (not merely asked for: an id the corpus lacks shows the list).
    fn article_open(&self) -> bool {
        article_root().is_some()
    }

    fn dialog_open(&self) -> bool {
        self.dialog.get_untracked().is_some_and(|d| d.open())
    }

    fn focus_kind(&self, target: Option<&Element>) -> Focus {
        let Some(el) = target else { return Focus::Page };
        let tag = el.tag_name().to_ascii_lowercase();
        let role = el.get_attribute("role");
        let input_type = el.get_attribute("type");
        let editable = el.dyn_ref::<HtmlElement>().is_some_and(HtmlElement::is_content_editable);
        if is_text_entry(&tag, input_type.as_deref(), editable, role.as_deref()) {
            return Focus::Typing;
        }
        if tag == "a" {
            if let Some(card) = el.closest(CARD).ok().flatten() {
                if title_link(&card).is_some_and(|link| link.is_same_node(Some(el))) {
                    return Focus::ResultLink;
                }
            }
        }
        if is_control(&tag, role.as_deref()) {
            Focus::Control
        } else {
            Focus::Page
        }
    }

    /// Marks the current card (class and `aria-current`) and clears every other; focuses its
    /// title link when asked, so the browser's focus ring shows where the keys are.
    fn mark(&self, cards: &[HtmlElement], focus_it: bool) {
        let current = self.current.get_untracked();
        for (i, card) in cards.iter().enumerate() {
            let is = current == Some(i);
            // The class and the attribute are checked apart: a re-render may rewrite the card's
            // class (dropping the marker) and leave the attribute, which no view owns.
            if is != card.class_list().contains(CURRENT) {
                let _ = card.class_list().toggle_with_force(CURRENT, is);
            }
            if is != (card.get_attribute("aria-current").as_deref() == Some("true")) {
                let _ = if is { card.set_attribute("aria-current", "true") } else { card.remove_attribute("aria-current") };
            }
            if is && focus_it {
                if let Some(link) = title_link(card) {
                    focus(&link);
                }
            }
        }
    }

    /// Focus fell to the page because the element that had it left the document (a list
    /// re-rendered, the article closed), not because the reader clicked somewhere.
    fn focus_lost(&self) -> bool {
        let resting = match document().active_element() {
            None => true,
            Some(el) => document().body().is_some_and(|b| b.is_same_node(Some(&el))) || el.tag_name().eq_ignore_ascii_case("html"),
        };
        resting && self.last_focused.borrow().as_ref().is_some_and(|el| !el.is_connected())
    }

    /// Brings the page in line with the state after anything changed on screen: places a pending
    /// anchor, keeps the current card inside the page, re-marks it, and gives focus back if a
    /// re-render took it.
    fn sync(&self) {
        if !self.live.get() || self.dialog_open() {
            return;
        }
        let lost = self.focus_lost();
        if self.article_open() {
            if lost {
                if let Some(heading) = by_id(ARTICLE_HEADING) {
                    focus(&heading);
                }
            }
            return;
        }
        let cards = cards();
        if cards.is_empty() {
            return;
        }
        let page = self.client.results.with_untracked(|r| r.as_ref().map(|r| r.page));
        let anchor = self.anchor.borrow().clone();
        let placed = match anchor {
            // Not on this list (opened from another page, or the reader searched from the article):
            // the first card takes the focus if it was lost, else no card is current yet.
            Some(Anchor::Article(id)) => match cards.iter().position(|c| c.get_attribute("data-article").as_deref() == Some(id.as_str())) {
                Some(i) => Some(Some(i)),
                None => Some(lost.then_some(0)),
            },
            Some(Anchor::First(p)) if page == Some(p) => Some(Some(0)),
            Some(Anchor::Last(p)) if page == Some(p) => Some(Some(cards.len() - 1)),
            _ => None,
        };
        if let Some(i) = placed {
            self.anchor.replace(None);
            self.current.set(i);
        } else if let Some(i) = self.current.get_untracked().filter(|&i| i >= cards.len()) {
            self.current.set(Some(i.min(cards.len() - 1)));
        }
        // A new page is often drawn into the old cards' elements, so focus can stay on a link
        // that now holds another card: it follows the current card as if it had been lost.
        let strayed = match (self.current.get_untracked(), document().active_element()) {
            (Some(i), Some(active)) => active
                .closest(CARD)
                .ok()
                .flatten()
                .is_some_and(|card| cards.iter().position(|c| c.is_same_node(Some(&card))) != Some(i)),
            _ => false,
        };
        self.mark(&cards, lost || strayed);
    }

    /// Many changes on screen come in one go: sync once, in the next frame.
    fn schedule_sync(self: &Rc<Self>) {
        if self.frame_pending.replace(true) {
            return;
        }
        let keys = self.clone();
        request_frame(move || {
            keys.frame_pending.set(false);
            keys.sync();
        });
    }

    fn current_card(&self) -> Option<HtmlElement> {
        let i = self.current.get_untracked()?;
        cards().into_iter().nth(i)
    }

    /// Opens an article the way the reader always does: its URL (the list's query, this page,
    /// `article=`), so Back, links and the back link keep working.
    fn open(&self, id: String) {
        let mut query = self.view.search.get_untracked();
        query.article = Some(id.clone());
        self.anchor.replace(Some(Anchor::Article(id)));
        (self.navigate)(&query, self.view.page.get_untracked(), false);
    }

    /// What the article's "back to results" link does.
    fn back(&self) {
        (self.navigate)(&self.view.search.get_untracked(), self.view.page.get_untracked(), false);
    }

    fn move_by(&self, forward: bool) -> bool {
        if self.article_open() {
            return false;
        }
        let cards = cards();
        let Some(step) = step(self.current.get_untracked(), cards.len(), forward) else { return false };
        let pages = self.client.results.with_untracked(|r| r.as_ref().map(|r| (r.page, r.page_count)));
        let search = self.view.search.get_untracked();
        match (step, pages) {
            (Step::To(i), _) => {
                self.anchor.replace(None);
                self.current.set(Some(i));
                self.mark(&cards, true);
            }
            (Step::NextPage, Some((page, count))) if page < count => {
                self.anchor.replace(Some(Anchor::First(page + 1)));
                (self.navigate)(&search, page + 1, false);
            }
            (Step::PreviousPage, Some((page, _))) if page > 1 => {
                self.anchor.replace(Some(Anchor::Last(page - 1)));
                (self.navigate)(&search, page - 1, false);
            }
            // The first or last result of all: stay, and keep focus where it is.
            _ => {}
        }
        true
    }

    /// The card's or the open article's button for `name`, pressed; nothing if there is none.
    fn press(&self, name: &str) -> bool {
        let scope = if self.article_open() { article_root() } else { self.current_card().map(Element::from) };
        match scope.and_then(|s| action_button(&s, name)) {
            Some(button) => {
                button.click();
                true
            }
            None => false,
        }
    }

    fn open_dialog(&self) {
        let Some(dialog) = self.dialog.get_untracked() else { return };
        if dialog.open() {
            return;
        }
        self.before_dialog.replace(document().active_element().and_then(|e| e.dyn_into::<HtmlElement>().ok()));
        let _ = dialog.show_modal();
    }

    fn close_dialog(&self) {
        if let Some(dialog) = self.dialog.get_untracked() {
            dialog.close();
        }
    }

    /// Focus goes back to where it was before the dialog, or to the current card.
    fn dialog_closed(self: &Rc<Self>) {
        match self.before_dialog.take() {
            Some(el) if el.is_connected() && document().body().is_none_or(|b| !b.is_same_node(Some(&el))) => focus(&el),
            _ => {
                let cards = cards();
                self.mark(&cards, true);
            }
        }
    }

    fn on_key(self: &Rc<Self>, ev: &KeyboardEvent) {
        if !self.live.get() {
            return;
        }
        keyboard_mode(true);
        // A modal dialog keeps the keys (Esc is its own); what another handler took is not ours.
        if ev.default_prevented() || self.dialog_open() {
            return;
        }
        let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
        let focus_on = self.focus_kind(target.as_ref());
        let (key, code) = (ev.key(), ev.code());
        let press = Press {
            key: &key,
            code: &code,
            shift: ev.shift_key(),
            ctrl: ev.ctrl_key(),
            alt: ev.alt_key(),
            meta: ev.meta_key(),
            composing: ev.is_composing(),
        };
        let Some(action) = action(&press, focus_on) else { return };
        let handled = match action {
            Action::Next => self.move_by(true),
            Action::Previous => self.move_by(false),
            Action::Open => self.open_current(),
            Action::Back if self.article_open() => {
                self.back();
                true
            }
            Action::Back => false,
            Action::Save => self.press("save"),
            Action::ToggleRead => self.press("read"),
            Action::Note => self.note(),
            Action::Search => match by_id(SEARCH_INPUT) {
                Some(input) => {
                    focus(&input);
                    true
                }
                None => false,
            },
            Action::Help => {
                self.open_dialog();
                true
            }
            Action::Escape => self.escape(focus_on, target.as_ref()),
        };
        // Handled keys are not typed anywhere: "/" must not land in the search box it focuses.
        if handled {
            ev.prevent_default();
        }
    }

    fn open_current(&self) -> bool {
        if self.article_open() {
            return false;
        }
        match self.current_card().and_then(|c| c.get_attribute("data-article")) {
            Some(id) => {
                self.open(id);
                true
            }
            None => false,
        }
    }

    /// Esc leaves the search box; with an article open (and no dialog) it goes back to the list.
    fn escape(&self, focus_on: Focus, target: Option<&Element>) -> bool {
        // Esc leaves the field being typed in (the search box, the note: a note is saved
        // when left), so the keys work again.
        if focus_on == Focus::Typing {
            return match target.and_then(|t| t.dyn_ref::<HtmlElement>()) {
                Some(field) => field.blur().is_ok(),
                None => false,
            };
        }
        if self.article_open() {
            self.back();
            return true;
        }
        false
    }

    /// n: the open article's note button; on the list, open the current article first and
    /// press its note button once it is on screen.
    fn note(self: &Rc<Self>) -> bool {
        if self.article_open() {
            return self.press("note");
        }
        let Some(id) = self.current_card().and_then(|c| c.get_attribute("data-article")) else { return false };
        self.open(id.clone());
        wait_for_note(self.clone(), id, NOTE_WAIT_FRAMES);
        true
    }

    fn focused(self: &Rc<Self>, ev: &web_sys::Event) {
        if !self.live.get() {
            return;
        }
        let Some(el) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        // Tabbing (or clicking) into a card makes it the current one: the marker follows focus.
        if let Some(card) = el.closest(CARD).ok().flatten() {
            let cards = cards();
            if let Some(i) = cards.iter().position(|c| c.is_same_node(Some(&card))) {
                if self.current.get_untracked() != Some(i) {
                    self.anchor.replace(None);
                    self.current.set(Some(i));
                    self.mark(&cards, false);
                }
            }
        }
        self.last_focused.replace(Some(el));
    }
}

/// Presses the note button of article `id` once it appears, trying each frame up to a limit,
/// and giving up if the reader has gone to another view meanwhile.
fn wait_for_note(keys: Rc<Keys>, id: String, frames_left: u32) {
    request_frame(move || {
        if !keys.live.get() || keys.view.query.with_untracked(|q| q.article.as_deref() != Some(id.as_str())) {
            return;
        }
        let root = article_root().filter(|a| a.get_attribute("data-article").as_deref() == Some(id.as_str()));
        match root.and_then(|a| action_button(&a, "note")) {
            Some(button) => button.click(),
            None if frames_left > 0 => wait_for_note(keys, id, frames_left - 1),
            None => {}
        }
    });
}

/// The keys, their help dialog, and a button that opens it for mouse and touch readers.
/// Mount once, in the reader page.
#[component]
pub fn KeyboardShortcuts() -> impl IntoView {
    let t = use_strings();
    let view = use_url_view();
    let navigate = navigator();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let keys = Rc::new(Keys {
        live: Cell::new(true),
        current: RwSignal::new(None),
        anchor: RefCell::new(None),
        last_focused: RefCell::new(None),
        before_dialog: RefCell::new(None),
        frame_pending: Cell::new(false),
        view,
        client: use_client(),
        navigate: Box::new(navigate),
        dialog,
    });

    // Whatever opens an article (a key, a click, a link), going back lands on its card.
    let article = Memo::new(move |_| view.query.with(|q| q.article.clone()));
    Effect::new({
        let keys = keys.clone();
        move |_| {
            if let Some(id) = article.get() {
                keys.anchor.replace(Some(Anchor::Article(id)));
            }
        }
    });
    // Another search or page is another list: no card is current until j or an anchor says.
    Effect::watch(
        move || (view.search.get(), view.page.get()),
        {
            let keys = keys.clone();
            move |_, _, _| {
                if keys.anchor.borrow().is_none() {
                    keys.current.set(None);
                }
            }
        },
        false,
    );

    let listeners = install(keys.clone());
    let stored = StoredValue::new_local(listeners);
    on_cleanup(move || {
        if let Some(Some(l)) = stored.try_update_value(Option::take) {
            l.keys.live.set(false);
            let doc = document();
            let _ = doc.remove_event_listener_with_callback("keydown", l.keydown.as_ref().unchecked_ref());
            let _ = doc.remove_event_listener_with_callback("focusin", l.focusin.as_ref().unchecked_ref());
            let _ = doc.remove_event_listener_with_callback("pointerdown", l.pointerdown.as_ref().unchecked_ref());
            if let Some(observer) = &l.observer {
                observer.disconnect();
            }
            drop(l);
        }
    });

    let handle = StoredValue::new_local(keys);
    let rows = move || {
        let t = t.get();
        SHORTCUTS
            .iter()
            .map(|(caps, action)| {
                let caps = caps.iter().enumerate().map(|(i, cap)| view! {
                    {(i > 0).then(|| format!(" {} ", t.keys_or))}
                    <kbd>{*cap}</kbd>
                }).collect_view();
                view! { <tr><td class="keys-caps">{caps}</td><td>{action.describe(t)}</td></tr> }
            })
            .collect_view()
    };
    view! {
        <p class="keys-hint">
            <button type="button" class="link-button" aria-haspopup="dialog" aria-keyshortcuts="?"
                on:click=move |_| handle.with_value(|k| k.open_dialog())>
                {text(t, |t| t.keys_button)}
            </button>
        </p>
        <dialog node_ref=dialog class="keys-dialog" aria-labelledby="keys-title" closedby="any"
            on:close=move |_| handle.with_value(|k| k.dialog_closed())>
            <div class="keys-dialog-inner">
                <div class="keys-dialog-head">
                    <h2 id="keys-title">{text(t, |t| t.keys_title)}</h2>
                    <button type="button" class="button button-quiet" autofocus=true
                        on:click=move |_| handle.with_value(|k| k.close_dialog())>
                        {text(t, |t| t.close)}
                    </button>
                </div>
                <p class="keys-intro">{text(t, |t| t.keys_intro)}</p>
                <table class="keys-table">
                    <thead><tr>
                        <th scope="col">{text(t, |t| t.keys_key)}</th>
                        <th scope="col">{text(t, |t| t.keys_action)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </dialog>
    }
}

/// Adds the document's listeners: keys, focus moves, and changes on screen (a list re-rendered
/// for a new answer, new first lines, another language, the article closed) to re-mark the
/// current card and give focus back.
fn install(keys: Rc<Keys>) -> Option<Listeners> {
    let doc = document();
    let keydown = Closure::<dyn FnMut(KeyboardEvent)>::new({
        let keys = keys.clone();
        move |ev: KeyboardEvent| keys.on_key(&ev)
    });
    let focusin = Closure::<dyn FnMut(web_sys::Event)>::new({
        let keys = keys.clone();
        move |ev: web_sys::Event| keys.focused(&ev)
    });
    let mutations = Closure::<dyn FnMut()>::new({
        let keys = keys.clone();
        move || keys.schedule_sync()
    });
    doc.add_event_listener_with_callback("keydown", keydown.as_ref().unchecked_ref()).ok()?;
    let _ = doc.add_event_listener_with_callback("focusin", focusin.as_ref().unchecked_ref());
    let pointerdown = Closure::<dyn FnMut()>::new(|| keyboard_mode(false));
    let _ = doc.add_event_listener_with_callback("pointerdown", pointerdown.as_ref().unchecked_ref());
    let observer = MutationObserver::new(mutations.as_ref().unchecked_ref()).ok();
    if let Some(observer) = &observer {
        let options = MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        let _ = observer.observe_with_options(&doc, &options);
    }
    Some(Listeners { keys, keydown, focusin, pointerdown, _mutations: mutations, observer })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, KO};

    fn key(key: &str) -> Press<'_> {
        Press { key, ..Press::default() }
    }

    #[test]
    fn letters_name_their_actions_on_the_page() {
        let expect = [
            ("j", Action::Next),
            ("k", Action::Previous),
            ("o", Action::Open),
            ("Enter", Action::Open),
            ("u", Action::Back),
            ("s", Action::Save),
            ("m", Action::ToggleRead),
            ("n", Action::Note),
            ("/", Action::Search),
            ("Escape", Action::Escape),
        ];
        for (k, a) in expect {
            assert_eq!(action(&key(k), Focus::Page), Some(a), "{k}");
        }
        // "?" is Shift+/ on most layouts: the shift is part of the key, not a modifier to refuse.
        assert_eq!(action(&Press { key: "?", code: "Slash", shift: true, ..Press::default() }, Focus::Page), Some(Action::Help));
        for k in ["a", "J", "x", "1", " ", "Tab", "ArrowDown", "F5", "Shift"] {
            assert_eq!(action(&key(k), Focus::Page), None, "{k}");
        }
    }

    #[test]
    fn no_key_fires_while_typing_or_with_a_modifier_except_esc() {
        for k in ["j", "k", "o", "u", "s", "m", "n", "/", "?", "Enter"] {
            assert_eq!(action(&key(k), Focus::Typing), None, "{k} while typing");
            for p in [
                Press { ctrl: true, ..key(k) },
                Press { alt: true, ..key(k) },
                Press { meta: true, ..key(k) },
            ] {
                assert_eq!(action(&p, Focus::Page), None, "{k} with a modifier");
            }
        }
        assert_eq!(action(&key("Escape"), Focus::Typing), Some(Action::Escape));
        assert_eq!(action(&Press { ctrl: true, ..key("Escape") }, Focus::Page), Some(Action::Escape));
        // Nothing while an input method is composing (a Hangul syllable half built).
        assert_eq!(action(&Press { composing: true, ..key("j") }, Focus::Page), None);
    }

    #[test]
    fn enter_opens_only_where_it_has_no_meaning_of_its_own() {
        assert_eq!(action(&key("Enter"), Focus::Page), Some(Action::Open));
        assert_eq!(action(&key("Enter"), Focus::ResultLink), Some(Action::Open));
        assert_eq!(action(&key("Enter"), Focus::Control), None, "a button's Enter presses it");
        assert_eq!(action(&Press { shift: true, ..key("Enter") }, Focus::ResultLink), None);
        // The letters work from a control too: a facet box just ticked does not keep j.
        assert_eq!(action(&key("j"), Focus::Control), Some(Action::Next));
    }

    #[test]
    fn a_hangul_layout_still_has_its_letters_by_physical_key() {
        // With the Korean two-set layout on, J types ㅓ and S types ㄴ.
        assert_eq!(action(&Press { key: "ㅓ", code: "KeyJ", ..Press::default() }, Focus::Page), Some(Action::Next));
        assert_eq!(action(&Press { key: "ㄴ", code: "KeyS", ..Press::default() }, Focus::Page), Some(Action::Save));
        assert_eq!(action(&Press { key: "Process", code: "KeyK", ..Press::default() }, Focus::Page), Some(Action::Previous));
        assert_eq!(action(&Press { key: "ㅓ", code: "KeyJ", shift: true, ..Press::default() }, Focus::Page), None);
        // A Latin layout's own letter wins over the physical key (Dvorak's j is on QWERTY's C).
        assert_eq!(action(&Press { key: "j", code: "KeyC", ..Press::default() }, Focus::Page), Some(Action::Next));
    }

    #[test]
    fn fields_are_where_text_is_typed() {
        for (tag, ty) in [("input", None), ("input", Some("search")), ("input", Some("text")), ("input", Some("date")), ("input", Some("NUMBER")), ("textarea", None), ("select", None)] {
            assert!(is_text_entry(tag, ty, false, None), "{tag} {ty:?}");
        }
        for ty in ["checkbox", "radio", "button", "submit", "range", "file"] {
            assert!(!is_text_entry("input", Some(ty), false, None), "{ty}");
        }
        assert!(is_text_entry("div", None, true, None), "contenteditable");
        assert!(is_text_entry("div", None, false, Some("textbox")));
        for tag in ["a", "button", "body", "h1", "li"] {
            assert!(!is_text_entry(tag, None, false, None), "{tag}");
        }
        assert!(is_control("a", None) && is_control("button", None) && is_control("g", Some("button")));
        assert!(!is_control("h1", None) && !is_control("body", None) && !is_control("main", None));
    }

    #[test]
    fn j_and_k_walk_the_page_and_step_off_its_ends() {
        assert_eq!(step(None, 5, true), Some(Step::To(0)));
        assert_eq!(step(None, 5, false), Some(Step::To(0)));
        assert_eq!(step(Some(0), 5, true), Some(Step::To(1)));
        assert_eq!(step(Some(3), 5, false), Some(Step::To(2)));
        assert_eq!(step(Some(4), 5, true), Some(Step::NextPage));
        assert_eq!(step(Some(0), 5, false), Some(Step::PreviousPage));
        // A current card past a shorter list's end counts as its last.
        assert_eq!(step(Some(9), 5, false), Some(Step::To(3)));
        assert_eq!(step(Some(0), 0, true), None);
    }

    #[test]
    fn the_help_lists_every_key_the_mapping_knows() {
        for (caps, expected) in SHORTCUTS {
            for cap in caps {
                let press = match *cap {
                    "Esc" => key("Escape"),
                    "?" => Press { key: "?", shift: true, ..Press::default() },
                    other => key(other),
                };
                assert_eq!(action(&press, Focus::Page), Some(expected), "{cap}");
            }
        }
        let listed: Vec<Action> = SHORTCUTS.iter().map(|(_, a)| *a).collect();
        for a in [Action::Next, Action::Previous, Action::Open, Action::Back, Action::Save, Action::ToggleRead, Action::Note, Action::Search, Action::Help, Action::Escape] {
            assert_eq!(listed.iter().filter(|&&l| l == a).count(), 1, "{a:?}");
            assert_ne!(a.describe(&EN), a.describe(&KO), "{a:?} is described in both languages");
        }
    }
}
