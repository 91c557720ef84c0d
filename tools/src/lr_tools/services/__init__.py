"""The four services as background processes (`lr services up|down|status`)."""
