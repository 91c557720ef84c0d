"""Pure rules of the portfolio: activities, periods and progress, shares, evidence."""
