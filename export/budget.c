/*
 * budget.c: label files parsed within a memory budget. Parsers allocate
 * far more than a file's size for some shapes of input: a VOC file whose
 * one internal XML entity is referenced 20,000 times expanded to 965 MB
 * when its text was read, and a JSON file of nested empty arrays costs
 * jansson over 60 bytes per byte (an 8 MB file, 515 MB). Each reader of
 * XML or JSON goes through here, and such a file is refused in one line
 * before (JSON) or right after (XML, entities unexpanded) it is parsed.
 */
#include <jansson.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "export.h"

#define ENTITY_BUDGET	(1 << 20)	/* bytes all entity references add */
#define ENTITY_DEPTH	8
#define JSON_PER_BYTE	16		/* a container per 16 bytes at most */
#define JSON_FREE	65536		/* containers any file may have */

/* Bytes entity ent expands to, counting nested references; stops early
 * past the budget. */
static size_t
entity_size(xmlDocPtr doc, xmlEntityPtr ent, int depth)
{
	const xmlChar	*p, *e;
	xmlEntityPtr	 sub;
	char		 name[128];
	size_t		 n = 0, l;

	if (ent == NULL || ent->content == NULL)
		return 0;
	if (depth > ENTITY_DEPTH)
		return ENTITY_BUDGET + 1;
	for (p = ent->content; *p != '\0' && n <= ENTITY_BUDGET; p++) {
		if (*p != '&' || (e = xmlStrchr(p, ';')) == NULL) {
			n++;
			continue;
		}
		l = (size_t)(e - p - 1);
		if (p[1] == '#' || l == 0 || l >= sizeof name) {
			n++;
			continue;
		}
		memcpy(name, p + 1, l);
		name[l] = '\0';
		if ((sub = xmlGetDocEntity(doc, BAD_CAST name)) == NULL ||
		    sub->etype != XML_INTERNAL_GENERAL_ENTITY) {
			n++;
			continue;
		}
		n += entity_size(doc, sub, depth + 1);
		p = e;
	}
	return n;
}

/* Bytes all entity references in the tree under n expand to. */
static size_t
references(xmlDocPtr doc, xmlNodePtr n, size_t *count)
{
	xmlNodePtr	 c;
	xmlAttrPtr	 a;
	size_t		 total = 0;

	for (c = n; c != NULL && total <= ENTITY_BUDGET; c = c->next) {
		if (c->type == XML_ENTITY_REF_NODE) {
			(*count)++;
			total += entity_size(doc, xmlGetDocEntity(doc,
			    c->name), 0);
			continue;	/* its children are the entity's */
		}
		if (c->type == XML_ELEMENT_NODE)
			for (a = c->properties; a != NULL; a = a->next)
				total += references(doc, a->children, count);
		total += references(doc, c->children, count);
	}
	return total;
}

/*
 * A label file's XML (no network, entities left unexpanded); NULL with
 * "path:line: reason" when it is not well-formed or its entities would
 * expand beyond the budget. The caller frees the document.
 */
xmlDocPtr
import_xml_read(const char *path, const char *data, size_t len, char *err,
    size_t errlen)
{
	xmlDocPtr	 doc;
	const xmlError	*xe;
	size_t		 n = 0, total;

	if (len > INT32_MAX)
		return errf(err, errlen, "%s: too large", path), NULL;
	doc = xmlReadMemory(data, (int)len, path, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL) {
		xe = xmlGetLastError();
		return errf(err, errlen, "%s:%d: not well-formed XML: %s", path,
		    xe ? xe->line : 0, xe && xe->message ? xe->message : "?"),
		    NULL;
	}
	if (doc->intSubset != NULL &&
	    (total = references(doc, doc->children, &n)) > ENTITY_BUDGET) {
		xmlFreeDoc(doc);
		return errf(err, errlen, "%s: its XML entities (%zu or more "
		    "references) would expand to more than %d KB; refused",
		    path, n, ENTITY_BUDGET >> 10), NULL;
	}
	return doc;
}

/*
 * A label file's JSON; NULL with "path:line: reason". Containers (arrays
 * and objects, outside strings) are counted first: real label files have
 * one per few dozen bytes, a bomb of nested empty arrays one per byte.
 */
json_t *
import_json_read(const char *path, const char *data, size_t len, char *err,
    size_t errlen)
{
	json_error_t	 je;
	json_t		*root;
	size_t		 i, n = 0;
	int		 in_str = 0;

	for (i = 0; i < len; i++) {
		if (in_str) {
			if (data[i] == '\\')
				i++;
			else if (data[i] == '"')
				in_str = 0;
		} else if (data[i] == '"')
			in_str = 1;
		else if (data[i] == '[' || data[i] == '{')
			n++;
	}
	if (n > JSON_FREE + len / JSON_PER_BYTE)
		return errf(err, errlen, "%s: %zu arrays and objects in %zu "
		    "bytes is not a label file (nested too densely to read "
		    "safely)", path, n, len), NULL;
	if ((root = json_loadb(data, len, 0, &je)) == NULL)
		return errf(err, errlen, "%s:%d: %s", path, je.line, je.text),
		    NULL;
	return root;
}
