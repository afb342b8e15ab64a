mod action;
pub use action::Action;
