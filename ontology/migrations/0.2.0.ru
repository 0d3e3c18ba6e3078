# Migrate data written for ontology 0.1.0 to 0.2.0. Run it with
#   nrcgraph migrate FILE...
# or on any SPARQL 1.1 Update engine holding the data, the ontology and the vocabularies.
# Each step is one operation; a step with nothing to change changes nothing.

PREFIX nrc:     <https://w3id.org/nrcgraph/ontology#>
PREFIX rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov:    <http://www.w3.org/ns/prov#>
PREFIX org:     <http://www.w3.org/ns/org#>
PREFIX time:    <http://www.w3.org/2006/time#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd:     <http://www.w3.org/2001/XMLSchema#>

# 1. nrc:InferredStatement is now nrc:Inference (it was easy to confuse with nrc:Statement).
DELETE { ?i a nrc:InferredStatement } INSERT { ?i a nrc:Inference }
WHERE { ?i a nrc:InferredStatement } ;

# 2. One direction for participations: the meeting lists them (nrc:participation, a
#    prov:qualifiedAssociation); nrc:meeting is dropped once the meeting lists the participation.
INSERT { ?meeting nrc:participation ?p }
WHERE { ?p a nrc:Participation ; nrc:meeting ?meeting } ;
DELETE { ?p nrc:meeting ?meeting }
WHERE { ?p a nrc:Participation ; nrc:meeting ?meeting } ;

# 3. A participant's role is prov:hadRole.
DELETE { ?p nrc:role ?role } INSERT { ?p prov:hadRole ?role }
WHERE { ?p a nrc:Participation ; nrc:role ?role } ;

# 4. Statuses become dated status changes. The change is attested on the old status date,
#    else on the date of the source the subject was drawn from; a meeting "completed" was held.
INSERT {
  ?change a nrc:StatusChange ; nrc:statusOf ?s ; nrc:status ?new ; nrc:attestedOn ?asOf ;
      prov:wasDerivedFrom ?doc .
}
WHERE {
  ?s nrc:status ?old .
  FILTER NOT EXISTS { ?s a nrc:StatusChange }
  OPTIONAL { ?s nrc:statusDate ?statusDate }
  OPTIONAL { ?s prov:wasDerivedFrom ?doc . OPTIONAL { ?doc dcterms:issued ?issued } }
  BIND (COALESCE(?statusDate, ?issued) AS ?asOf)
  FILTER (BOUND(?asOf))
  BIND (IF(EXISTS { ?s a nrc:Meeting } && ?old = <https://w3id.org/nrcgraph/vocab/status/completed>,
           <https://w3id.org/nrcgraph/vocab/status/held>, ?old) AS ?new)
  BIND (IRI(CONCAT("https://w3id.org/nrcgraph/id/status-change/", REPLACE(STR(?s), "^.*/", ""), "-",
                   REPLACE(STR(?new), "^.*/", ""))) AS ?change)
} ;
INSERT { ?change nrc:passage ?passage }
WHERE { ?change a nrc:StatusChange ; nrc:statusOf ?s . ?s nrc:passage ?passage
        FILTER NOT EXISTS { ?change nrc:passage ?any } } ;
DELETE { ?s nrc:status ?status ; nrc:statusDate ?date }
WHERE { ?s nrc:status ?status . OPTIONAL { ?s nrc:statusDate ?date }
        FILTER NOT EXISTS { ?s a nrc:StatusChange } } ;

# 5. A post is not an agent: where a source names only the office, it is the acting post.
DELETE { ?event nrc:actor ?post } INSERT { ?event nrc:actingPost ?post }
WHERE { ?event nrc:actor ?post . ?post a/rdfs:subClassOf* nrc:Post } ;

# 6. Post holdings are ORG memberships: the post's organisation, and the period held as an
#    OWL-Time interval (from nrc:startDate and nrc:endDate).
INSERT { ?h org:organization ?organisation }
WHERE { ?h a nrc:PostHolding ; nrc:post/org:postIn ?organisation } ;
INSERT { ?h org:memberDuring [ a time:Interval ] }
WHERE { ?h a nrc:PostHolding . FILTER EXISTS { ?h nrc:startDate|nrc:endDate ?d } } ;
INSERT { ?i time:hasBeginning [ a time:Instant ; ?in ?start ] }
WHERE { ?h a nrc:PostHolding ; nrc:startDate ?start ; org:memberDuring ?i .
        BIND (IF(DATATYPE(?start) = xsd:gYear, time:inXSDgYear,
                 IF(DATATYPE(?start) = xsd:gYearMonth, time:inXSDgYearMonth, time:inXSDDate)) AS ?in) } ;
INSERT { ?i time:hasEnd [ a time:Instant ; ?in ?end ] }
WHERE { ?h a nrc:PostHolding ; nrc:endDate ?end ; org:memberDuring ?i .
        BIND (IF(DATATYPE(?end) = xsd:gYear, time:inXSDgYear,
                 IF(DATATYPE(?end) = xsd:gYearMonth, time:inXSDgYearMonth, time:inXSDDate)) AS ?in) } ;
DELETE { ?h nrc:startDate ?s ; nrc:endDate ?e }
WHERE { ?h a nrc:PostHolding . OPTIONAL { ?h nrc:startDate ?s } OPTIONAL { ?h nrc:endDate ?e } } ;

# 7. A state is an actor; where something happens in it, the place is its territory.
INSERT {
  ?territory a nrc:Place ; rdfs:label ?label ; nrc:territoryOf ?state ; prov:wasDerivedFrom ?doc .
}
WHERE {
  ?x nrc:place ?state . ?state a nrc:State ; rdfs:label ?label .
  OPTIONAL { ?x prov:wasDerivedFrom ?doc }
  BIND (IRI(CONCAT("https://w3id.org/nrcgraph/id/place/", REPLACE(STR(?state), "^.*/", ""))) AS ?territory)
} ;
DELETE { ?x nrc:place ?state } INSERT { ?x nrc:place ?territory }
WHERE {
  ?x nrc:place ?state . ?state a nrc:State .
  BIND (IRI(CONCAT("https://w3id.org/nrcgraph/id/place/", REPLACE(STR(?state), "^.*/", ""))) AS ?territory)
}
