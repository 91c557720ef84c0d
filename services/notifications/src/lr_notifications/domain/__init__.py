"""The notifications domain: which occasions deserve a mail, how a teacher is addressed, and
what an SMTP outcome means for a notification. Pure Python."""
