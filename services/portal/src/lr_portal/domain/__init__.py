"""Pure rules of the portal: sessions, progress to the norm, safe return paths."""
