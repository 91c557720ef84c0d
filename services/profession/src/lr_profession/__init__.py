"""The profession: teacher panels assess training providers' activities for register hours."""
