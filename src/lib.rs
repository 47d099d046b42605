//! The Tumen web app (Leptos, client-side rendered).
pub fn start() {
    console_error_panic_hook::set_once();
}
