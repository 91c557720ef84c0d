"""Portfolio: the teacher's private record of professional development and progress to the norm."""
