"""The programme staff's pages: lines of action, activities, sections, paragraphs, footnotes."""
