"""Votes on criteria sets (`votes.`) and feedback afterwards (`ratings.`: a teacher's rating,
the provider's feedback page, a panel's view of a re-accreditation's feedback)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "teacher.nav_votes": ("Stemmen", "Votes"),
    # votes
    "votes.title": ("Stemmen over de criteria", "Votes on the criteria"),
    "votes.intro": (
        "Geregistreerde leraren stemmen over voorstellen voor de criteria waarmee "
        "lerarenpanels aanbod beoordelen. Uw stem is geheim: het register houdt bij dat u "
        "heeft gestemd, niet wat.",
        "Registered teachers vote on proposals for the criteria teacher panels review offers "
        "with. Your vote is secret: the register keeps that you voted, not what.",
    ),
    "votes.open_title": ("Open stemmingen", "Open votes"),
    "votes.none_open": ("Er is nu geen stemming open.", "No vote is open now."),
    "votes.proposal": (
        "Voorstel: criteriaset versie {version}",
        "Proposal: criteria set version {version}",
    ),
    "votes.closes": ("Stemmen kan tot {moment}.", "You can vote until {moment}."),
    "votes.opens": ("De stemming opent op {moment}.", "The vote opens on {moment}."),
    "votes.closed": ("Deze stemming is gesloten.", "This vote has closed."),
    "votes.read_all": (
        "Lees het hele voorstel (versie {version}) en stem",
        "Read the whole proposal (version {version}) and vote",
    ),
    "votes.back": ("Terug naar stemmen", "Back to votes"),
    "votes.voted": ("U heeft gestemd.", "You have voted."),
    "votes.legend": ("Uw stem over versie {version}", "Your vote on version {version}"),
    "votes.choice.for": ("Voor", "For"),
    "votes.choice.against": ("Tegen", "Against"),
    "votes.choice.abstain": ("Onthouding", "Abstain"),
    "votes.submit": ("Stem uitbrengen", "Cast your vote"),
    "votes.error.choice": (
        "Kies voor, tegen of onthouding.",
        "Choose for, against or abstain.",
    ),
    "votes.done_title": ("Gelukt", "Done"),
    "votes.done": (
        "Uw stem is uitgebracht. Wat u koos, is nergens aan u gekoppeld.",
        "Your vote has been cast. What you chose is not linked to you anywhere.",
    ),
    "votes.refused_title": ("Uw stem is niet verwerkt", "Your vote was not counted"),
    "votes.refused.already-voted": (
        "U heeft al gestemd over dit voorstel. U kunt één keer stemmen; uw eerste stem telt "
        "en er is niets veranderd.",
        "You have already voted on this proposal. You can vote once; your first vote counts "
        "and nothing has changed.",
    ),
    "votes.refused.vote-not-open": (
        "Deze stemming is niet open: ze is nog niet begonnen of al gesloten.",
        "This vote is not open: it has not started yet or has closed.",
    ),
    "votes.refused.not-registered": (
        "U kunt niet stemmen: alleen leraren met de status 'geregistreerd' stemmen over de "
        "criteria.",
        "You cannot vote: only teachers with the state 'registered' vote on the criteria.",
    ),
    "votes.not_registered": (
        "U kunt niet stemmen: alleen leraren met de status 'geregistreerd' stemmen over de "
        "criteria. Bent u pas geregistreerd, probeer het dan later nog eens.",
        "You cannot vote: only teachers with the state 'registered' vote on the criteria. If "
        "you were registered just now, try again later.",
    ),
    "votes.results_title": ("Uitslagen", "Results"),
    "votes.results_page": ("Uitslagen van de stemmingen", "Results of the votes"),
    "votes.results_intro": (
        "De uitslag van elke gesloten stemming over de criteria. Een voorstel is aangenomen "
        "als er meer stemmen voor dan tegen zijn; onthoudingen tellen alleen mee voor de "
        "opkomst.",
        "The result of every closed vote on the criteria. A proposal is adopted when more "
        "votes are for than against; abstentions count for turnout only.",
    ),
    "votes.results_caption": ("Gesloten stemmingen, nieuwste eerst", "Closed votes, newest first"),
    "votes.none_closed": ("Er is nog geen stemming gesloten.", "No vote has closed yet."),
    "votes.all_results": ("Alle uitslagen", "All results"),
    "votes.back_criteria": ("Terug naar criteria en aanbod", "Back to criteria and offer"),
    "votes.col_version": ("Voorstel", "Proposal"),
    "votes.col_closed": ("Gesloten", "Closed"),
    "votes.col_for": ("Voor", "For"),
    "votes.col_against": ("Tegen", "Against"),
    "votes.col_abstain": ("Onthouding", "Abstain"),
    "votes.col_turnout": ("Opkomst", "Turnout"),
    "votes.col_outcome": ("Uitkomst", "Outcome"),
    "votes.version": ("Versie {version}", "Version {version}"),
    "votes.adopted": ("Aangenomen", "Adopted"),
    "votes.not_adopted": ("Niet aangenomen", "Not adopted"),
    "votes.public_link": (
        "Leraren stemmen over de criteria:",
        "Teachers vote on the criteria:",
    ),
    # ratings
    "ratings.title": ("Beoordeel deze activiteit", "Rate this activity"),
    "ratings.intro": (
        "Eén keer. De aanbieder en lerarenpanels zien alleen het gemiddelde en de toelichtingen, "
        "zonder uw naam, en pas vanaf 5 beoordelingen.",
        "Once. The provider and teacher panels see only the average and the comments, without "
        "your name, and only from 5 ratings on.",
    ),
    "ratings.legend": (
        "Uw beoordeling (1 slecht, 5 uitstekend)",
        "Your rating (1 poor, 5 excellent)",
    ),
    "ratings.comment": ("Toelichting (niet verplicht)", "Comment (optional)"),
    "ratings.comment_hint": ("Ten hoogste 1000 tekens.", "At most 1000 characters."),
    "ratings.submit": ("Beoordeling versturen", "Send rating"),
    "ratings.yours": ("Uw beoordeling", "Your rating"),
    "ratings.value": ("{rating} van 5", "{rating} out of 5"),
    "ratings.rated_at": ("Beoordeeld op", "Rated on"),
    "ratings.col_comment": ("Toelichting", "Comment"),
    "ratings.error.rating": ("Kies een beoordeling van 1 tot 5.", "Choose a rating from 1 to 5."),
    "ratings.error.comment": (
        "Maak de toelichting korter: ten hoogste 1000 tekens.",
        "Make the comment shorter: at most 1000 characters.",
    ),
    "ratings.refused_title": ("Niet verstuurd", "Not sent"),
    "ratings.refused.already-rated": (
        "U heeft deze activiteit al beoordeeld. Dat kan één keer; uw beoordeling blijft staan.",
        "You have already rated this activity. You can do so once; your rating stands.",
    ),
    "ratings.refused.not-rateable": (
        "Deze activiteit kunt u niet beoordelen: alleen geaccrediteerde activiteiten die de "
        "aanbieder heeft gemeld.",
        "You cannot rate this activity: only accredited activities reported by the provider.",
    ),
    "portfolio.done_rated": (
        "Uw beoordeling is verstuurd. Dank u wel.",
        "Your rating has been sent. Thank you.",
    ),
    "ratings.fewer": ("minder dan 5 beoordelingen", "fewer than 5 ratings"),
    "ratings.col_average": ("Beoordeling (vanaf 5)", "Rating (from 5 on)"),
    "ratings.average_cell": ("{average} ({count})", "{average} ({count})"),
    # the provider's feedback page and the panel's view
    "ratings.feedback_link": ("Beoordelingen door leraren", "Teachers' ratings"),
    "ratings.feedback_title": ("Beoordelingen: {title}", "Ratings: {title}"),
    "ratings.feedback_intro": (
        "Leraren die de activiteit volgden, beoordelen haar na afloop. U ziet niet wie wat gaf; "
        "vóór 5 beoordelingen ziet u niets.",
        "Teachers who attended the activity rate it afterwards. You do not see who gave what; "
        "before 5 ratings you see nothing.",
    ),
    "ratings.count": ("Aantal beoordelingen", "Number of ratings"),
    "ratings.average": ("Gemiddelde", "Average"),
    "ratings.distribution": ("Verdeling", "Distribution"),
    "ratings.distribution_caption": ("Aantal per beoordeling", "Number per rating"),
    "ratings.col_rating": ("Beoordeling", "Rating"),
    "ratings.col_count": ("Aantal", "Number"),
    "ratings.comments": ("Toelichtingen ({total})", "Comments ({total})"),
    "ratings.comments_caption": ("Toelichtingen, nieuwste eerst", "Comments, newest first"),
    "ratings.col_month": ("Maand", "Month"),
    "ratings.no_comments": ("Geen toelichtingen.", "No comments."),
    "ratings.back_request": ("Terug naar de aanvraag", "Back to the request"),
    "ratings.panel_title": (
        "Beoordelingen van de vorige activiteit ({code})",
        "Ratings of the earlier activity ({code})",
    ),
    "ratings.panel_summary": (
        "{count} beoordelingen, gemiddeld {average}. Verdeling 1-5: {distribution}.",
        "{count} ratings, on average {average}. Distribution 1-5: {distribution}.",
    ),
}
