//! Browser entry point: installs the panic hook and mounts the app.
fn main() {
    tumen::start();
}
