"""The domain language: clock, errors, athletes, session catalogue, rulebooks, week specs and plans."""
