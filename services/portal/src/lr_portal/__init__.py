"""The portal: the pages teachers ("Mijn registratie") and the public ("Zoek een leraar") use."""
