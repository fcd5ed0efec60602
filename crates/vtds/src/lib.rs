//! The vtds composition root: configuration, server start-up and admin commands.
