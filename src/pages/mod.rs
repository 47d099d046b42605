//! Screens: each lays out components for one state of the app.
pub mod reader;
