"""Demo "En bref, facile à lire" texts: one easy-to-read summary per demo course.

Each text follows FALC (Facile à lire et à comprendre, the French easy-to-read
standard from Inclusion Europe): short sentences, one idea per line, everyday
words, the reader addressed as "vous", no abbreviation left unexplained, no
percentages or parentheses, numbers written as digits. Lines are separated by
"\n"; the course page shows each line on its own and already gives the phone
number, so the texts do not end with "call us".

For real courses, editors write this text in the Wagtail admin, on the course
page. The demo seeds these texts so that every demo course has one;
`easy_read_for` gives generated benchmark courses a plain generic text.
"""

import re

EASY_READ = {
    "premiers-pas-ordinateur": (
        "Cette formation est pour vous si vous n'avez jamais utilisé d'ordinateur.\n"
        "Vous apprenez à allumer et à éteindre un ordinateur.\n"
        "Vous apprenez à utiliser la souris et le clavier.\n"
        "Vous apprenez à ranger vos documents et à les retrouver.\n"
        "C'est gratuit."
    ),
    "creer-adresse-email": (
        "Cette formation est pour vous si vous n'avez pas d'adresse e-mail.\n"
        "Un e-mail est un message envoyé par Internet.\n"
        "Vous apprenez à créer votre adresse e-mail.\n"
        "Vous apprenez à envoyer un message avec un document.\n"
        "Vous apprenez à reconnaître les faux messages.\n"
        "C'est gratuit."
    ),
    "smartphone-debutant": (
        "Cette formation est pour vous si vous débutez avec votre smartphone.\n"
        "Un smartphone est un téléphone avec un écran que vous touchez.\n"
        "Vous apprenez à agrandir le texte et à régler le son.\n"
        "Vous apprenez à ajouter et à enlever une application.\n"
        "Vous apprenez à envoyer une photo par message.\n"
        "C'est gratuit."
    ),
    "tablette-seniors": (
        "Cette formation est pour vous si vous avez une tablette.\n"
        "Une tablette est un grand écran que vous touchez avec le doigt.\n"
        "Vous apprenez à appeler vos proches en vidéo.\n"
        "Vous apprenez à partager vos photos avec eux.\n"
        "Vous apprenez à agrandir l'écran pour mieux lire.\n"
        "C'est gratuit."
    ),
    "demarches-en-ligne": (
        "Cette formation est pour vous si vous faites vos démarches sur Internet.\n"
        "Vous apprenez à utiliser FranceConnect, un compte pour les sites de l'État.\n"
        "Vous apprenez à prévenir la CAF quand votre situation change.\n"
        "La CAF, c'est la Caisse d'allocations familiales.\n"
        "Vous téléchargez une attestation sur Ameli, le site de l'Assurance maladie.\n"
        "C'est gratuit."
    ),
    "espace-france-travail": (
        "Cette formation est pour vous si France Travail vous accompagne.\n"
        "Vous apprenez à faire votre actualisation chaque mois.\n"
        "L'actualisation sert à dire à France Travail si vous avez travaillé.\n"
        "Vous apprenez à retrouver vos courriers et vos attestations.\n"
        "Vous apprenez à répondre à une offre d'emploi sur Internet.\n"
        "C'est gratuit."
    ),
    "cv-en-ligne": (
        "Cette formation est pour vous si vous préparez votre CV.\n"
        "Le CV est une page qui présente votre parcours à un employeur.\n"
        "Vous apprenez à écrire un CV clair sur ordinateur.\n"
        "Vous apprenez à enregistrer votre CV en PDF.\n"
        "Un PDF garde la même présentation sur tous les ordinateurs.\n"
        "Vous apprenez à adapter votre lettre de motivation à chaque offre.\n"
        "C'est gratuit."
    ),
    "recherche-emploi-internet": (
        "Cette formation est pour vous si vous cherchez un emploi.\n"
        "Vous apprenez à trouver des offres d'emploi près de chez vous.\n"
        "Vous apprenez à créer une alerte.\n"
        "Une alerte vous prévient quand une nouvelle offre arrive.\n"
        "Vous apprenez à suivre vos réponses aux offres.\n"
        "C'est gratuit."
    ),
    "entretien-visio": (
        "Cette formation vous prépare à un entretien d'embauche en vidéo.\n"
        "Un entretien en vidéo se passe sur un écran, depuis chez vous.\n"
        "Vous apprenez à vérifier votre micro et votre caméra.\n"
        "Vous apprenez à rejoindre une réunion sur Internet.\n"
        "Vous apprenez à vous présenter en 2 minutes.\n"
        "C'est gratuit."
    ),
    "securite-arnaques": (
        "Cette formation est pour vous si vous voulez éviter les arnaques.\n"
        "Une arnaque est un piège pour vous voler de l'argent.\n"
        "Vous apprenez à reconnaître un faux message ou un faux e-mail.\n"
        "Vous apprenez à créer un mot de passe difficile à deviner.\n"
        "Vous apprenez à signaler une arnaque.\n"
        "C'est gratuit."
    ),
    "donnees-personnelles": (
        "Cette formation est pour vous si vous voulez protéger votre vie privée.\n"
        "Vos données personnelles, ce sont votre nom, votre adresse, vos photos.\n"
        "Vous apprenez à choisir ce que vos applications peuvent voir.\n"
        "Vous apprenez à choisir qui voit vos publications sur les réseaux sociaux.\n"
        "Vous apprenez à refuser les cookies sur les sites.\n"
        "Les cookies gardent une trace de vos visites sur les sites.\n"
        "C'est gratuit."
    ),
    "boutique-en-ligne": (
        "Cette formation est pour vous si vous voulez vendre sur Internet.\n"
        "Vous apprenez à choisir un outil simple pour votre boutique en ligne.\n"
        "Vous apprenez à présenter vos produits avec des photos et des prix.\n"
        "Vous apprenez à recevoir les paiements de vos clients sur Internet.\n"
        "C'est gratuit."
    ),
    "click-and-collect": (
        "Cette formation est pour vous si vous avez un commerce de quartier.\n"
        "Avec le click-and-collect, le client commande sur Internet.\n"
        "Puis il vient chercher ses achats dans votre magasin.\n"
        "Vous apprenez à recevoir des commandes sur Internet.\n"
        "Vous apprenez à préparer les commandes que les clients viennent chercher.\n"
        "Vous apprenez à prévenir vos clients de ce nouveau service.\n"
        "C'est gratuit."
    ),
    "paiement-sans-contact": (
        "Cette formation est pour vous si vos clients veulent payer par carte.\n"
        "Avec le sans contact, le client pose juste sa carte sur l'appareil.\n"
        "Vous apprenez à choisir un appareil pour les cartes bancaires.\n"
        "Vous apprenez à recevoir un paiement avec votre téléphone.\n"
        "Vous apprenez à vérifier l'argent que vous avez reçu.\n"
        "C'est gratuit."
    ),
    "fiche-etablissement": (
        "Cette formation est pour vous si vous avez une entreprise.\n"
        "Vous apprenez à mettre votre entreprise sur les cartes d'Internet.\n"
        "Vos clients vous trouvent alors plus facilement.\n"
        "Vous apprenez à changer vos horaires et vos photos.\n"
        "Vous apprenez à répondre aux avis de vos clients.\n"
        "C'est gratuit."
    ),
    "reseaux-sociaux-artisans": (
        "Cette formation est pour vous si vous êtes artisan ou artisane.\n"
        "Les réseaux sociaux sont des sites comme Facebook ou Instagram.\n"
        "Vous apprenez à créer une page professionnelle sur les réseaux sociaux.\n"
        "Vous apprenez à prendre de belles photos de votre travail.\n"
        "Vous apprenez à préparer vos publications à l'avance.\n"
        "C'est gratuit."
    ),
    "reseaux-sociaux-commercants": (
        "Cette formation est pour vous si vous avez une boutique.\n"
        "Les réseaux sociaux sont des sites comme Facebook ou Instagram.\n"
        "Ils vous aident à faire venir des clients.\n"
        "Vous apprenez à choisir le bon réseau social pour votre boutique.\n"
        "Vous apprenez à annoncer une promotion à vos clients.\n"
        "Vous apprenez à voir ce qui marche le mieux.\n"
        "C'est gratuit."
    ),
    "site-internet-vitrine": (
        "Cette formation est pour vous si vous avez une entreprise.\n"
        "Vous apprenez à créer un site simple pour présenter votre activité.\n"
        "Vous apprenez à choisir l'adresse de votre site sur Internet.\n"
        "Vous apprenez à créer les pages importantes : accueil, services, contact.\n"
        "Vous apprenez à changer vous-même les informations de votre site.\n"
        "C'est gratuit."
    ),
    "devis-factures": (
        "Cette formation est pour vous si vous faites des devis et factures.\n"
        "Un devis annonce le prix au client avant le travail.\n"
        "Vous apprenez à préparer un modèle de devis avec un logiciel gratuit.\n"
        "Vous apprenez à transformer un devis en facture.\n"
        "Vous apprenez à vérifier quels clients ont payé.\n"
        "Vos devis et vos factures respectent la loi.\n"
        "C'est gratuit."
    ),
    "facture-electronique": (
        "Cette formation est pour vous si vous avez une entreprise.\n"
        "La loi va obliger les entreprises à utiliser la facture électronique.\n"
        "Vous apprenez les dates qui concernent votre entreprise.\n"
        "Vous apprenez à choisir un service autorisé par l'État pour vos factures.\n"
        "Vous apprenez à envoyer et à recevoir une facture électronique.\n"
        "C'est gratuit."
    ),
    "tableur-gestion": (
        "Cette formation est pour vous si vous gérez une petite entreprise.\n"
        "Un tableur est un logiciel pour faire des tableaux et des calculs.\n"
        "Vous apprenez à suivre vos ventes, vos dépenses et votre stock.\n"
        "Vous apprenez à laisser l'ordinateur faire les calculs.\n"
        "Vous apprenez à faire un graphique pour voir vos chiffres.\n"
        "C'est gratuit."
    ),
    "cloud-documents": (
        "Cette formation est pour vous si vous avez beaucoup de papiers.\n"
        "Vous apprenez à prendre vos papiers en photo avec votre téléphone.\n"
        "Vous apprenez à ranger vos documents sur Internet.\n"
        "Vous les retrouvez ensuite sur votre téléphone ou votre ordinateur.\n"
        "Vous apprenez à partager un document sans risque.\n"
        "C'est gratuit."
    ),
    "impression-3d": (
        "Cette formation est pour vous si vous aimez créer des objets.\n"
        "Une imprimante 3D fabrique de vrais objets en plastique.\n"
        "Vous apprenez à dessiner un objet simple sur ordinateur.\n"
        "Vous apprenez à préparer le fichier pour la machine.\n"
        "Vous apprenez à lancer l'impression à l'atelier FacLab.\n"
        "C'est gratuit."
    ),
    "decoupe-laser": (
        "Cette formation est pour vous si vous aimez fabriquer des objets.\n"
        "Le laser découpe le bois ou creuse un dessin dedans.\n"
        "Vous apprenez à dessiner une pièce sur ordinateur.\n"
        "Vous apprenez à régler la machine.\n"
        "Vous apprenez les règles de sécurité.\n"
        "Cette formation coûte 15 euros."
    ),
    "prototype-artisans": (
        "Cette formation est pour vous si vous êtes artisan ou artisane.\n"
        "Un prototype est un premier modèle pour tester votre idée.\n"
        "Vous apprenez à dessiner une pièce en volume sur ordinateur.\n"
        "Vous apprenez à choisir la bonne machine à l'atelier FacLab.\n"
        "Vous apprenez à améliorer votre prototype.\n"
        "Cette formation coûte 40 euros."
    ),
    "visio-famille": (
        "Cette formation est pour vous si votre famille habite loin.\n"
        "La formation se passe sur Internet, depuis chez vous.\n"
        "Vous apprenez à installer une application pour les appels vidéo.\n"
        "Vous apprenez à appeler vos proches et à les voir à l'écran.\n"
        "Vous apprenez à répondre quand ils vous appellent.\n"
        "C'est gratuit."
    ),
    "ia-au-quotidien": (
        "Cette formation est pour vous si vous voulez comprendre l'intelligence artificielle.\n"
        "Un assistant d'intelligence artificielle répond aux questions que vous lui posez.\n"
        "Vous apprenez à poser une question à un assistant.\n"
        "L'assistant peut se tromper.\n"
        "Vous apprenez à vérifier ses réponses.\n"
        "Vous apprenez quelles informations ne pas lui donner.\n"
        "C'est gratuit."
    ),
}


def easy_read_for(slug, title):
    """The demo text for `slug`; a plain generic one for generated courses (benchmarks).

    The generic text says nothing about the price, which it does not know, and
    drops any parenthesised part of the title, such as "(groupe 12)".
    """
    if slug in EASY_READ:
        return EASY_READ[slug]
    name = re.sub(r"\s*\([^)]*\)", "", title).strip().rstrip(".") or title
    return (
        f"Cette formation s'appelle : {name}.\n"
        "Vous apprenez pas à pas, avec une personne qui vous aide.\n"
        "Vous pouvez poser toutes vos questions."
    )
