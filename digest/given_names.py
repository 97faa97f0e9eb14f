"""Given names that tell a person's gender in English-language news, so that "he said" is not
given to a Caryn nor "she said" to a Carsten when the article's own pronouns are silent.

Hand-written: no offline library ships such a list (NLTK's names corpus is a download). The
lists hold common given names only, and leave out those borne by both men and women (Jordan,
Taylor, Chris, Jean, Andrea, Kim, Robin, Sasha …): a name missing here tells nothing.
"""

FEMALE = frozenset("""
Abigail Ada Adele Adriana Agnes Aileen Aisha Alexandra Alexis Alice Alicia Alison Allison
Alyssa Amanda Amber Amelia Amy Ana Anastasia Angela Angelina Angelique Anita Ann Anna Annabel
Anne Annette Annie Antoinette Arianna Ashley Audrey Ava Barbara Beatrice Belinda Bernadette
Beth Bethany Betty Beverly Bianca Bonnie Brenda Bridget Brittany Brooke Camilla Candace Cara
Carla Carmen Carol Caroline Carolyn Caryn Cassandra Catherine Cathy Cecilia Celia Celine
Charlotte Chelsea Cheryl Chloe Christina Christine Cindy Claire Clara Claudia Colleen Constance
Courtney Cynthia Daisy Danielle Daphne Darlene Dawn Deborah Debra Delia Denise Diana Diane
Dolores Donna Doris Dorothy Edith Eileen Elaine Eleanor Elena Elisabeth Eliza Elizabeth Ella
Ellen Eloise Elsa Emilia Emily Emma Erica Erin Esther Eva Evelyn Fatima Felicity Fiona Florence
Frances Gabriela Gabrielle Gail Gemma Georgia Geraldine Gillian Gina Giselle Gloria Grace
Gwen Gwendolyn Hannah Harriet Hazel Heather Heidi Helen Helena Hilary Hillary Holly Ida Ingrid
Irene Iris Isabel Isabella Isabelle Ivana Jacqueline Jane Janet Janice Jasmine Jeanette
Jennifer Jenny Jessica Jill Joan Joanna Joanne Jocelyn Josephine Joy Joyce Judith Judy Julia
Julie Juliet June Justine Karen Karina Katarina Kate Katharine Katherine Kathleen Kathryn Kathy
Katie Katrina Kayla Kimberly Kirsten Kristen Kristin Laura Lauren Leah Leila Lena Lillian
Linda Lindsay Lindsey Lisa Lois Loretta Lorraine Louise Lucia Lucy Lydia Madeleine
Madeline Magdalena Maggie Mandy Margaret Margot Maria Mariana Marianne Marie Marilyn
Marina Marion Marisol Marjorie Martha Mary Maureen Megan Melanie Melinda Melissa Meredith Mia
Michelle Mildred Miranda Miriam Molly Monica Monique Nadia Nancy Naomi Natalia Natalie Natasha
Nicole Nina Nora Norma Olga Olivia Pamela Patricia Paula Pauline Peggy Penelope Penny Phyllis
Priscilla Rachel Rebecca Regina Renee Rhonda Rita Roberta Rosa Rosalind Rose Rosemary Ruth
Sabrina Sally Samantha Sandra Sara Sarah Sharon Sheila Shirley Silvia Sofia Sonia Sophia
Sophie Stacey Stephanie Susan Suzanne Svetlana Sylvia Tamara Tanya Tatiana Teresa Theresa
Tiffany Tina Tracey Tracy Ursula Valentina Valerie Vanessa Vera Veronica Victoria Violet
Virginia Vivian Wanda Wendy Whitney Yolanda Yvonne Zoe
""".split())

MALE = frozenset("""
Aaron Abdul Abraham Adam Adrian Ahmad Ahmed Alan Albert Alberto Alejandro Alexander Alexei
Alfred Ali Alistair Allan Allen Alvin Andreas Andrei Andrew Angus Anthony Antonio Arnold Arthur
Barry Ben Benjamin Bernard Bill Billy Bob Boris Brad Bradley Brandon Brendan Brett Brian Bruce
Bruno Bryan Calvin Carl Carlos Carsten Charles Charlie Christian Christopher Clarence Claude
Clifford Colin Craig Curtis Damian Dan Daniel Darren Dave David Dean Dennis Derek Diego
Dmitry Dominic Don Donald Douglas Duncan Dwayne Dylan Earl Eddie Edgar Eduardo Edward Edwin
Eric Erik Ernest Eugene Evan Fabio Felipe Felix Fernando Francesco Francisco Frank Franz
Fred Frederick Gary Gavin Geoffrey George Gerald Gerard Gerhard Giovanni Giuseppe Glenn Gordon
Graham Grant Greg Gregory Guillermo Gustavo Hamid Hans Harold Harry Harvey Hassan Hector Henry
Herbert Howard Hugh Hugo Hussein Ian Igor Isaac Ivan Jack Jacob Jake James Jason Javier Jay
Jeff Jeffrey Jeremy Jerome Jerry Jim Jimmy Joe Joel Johan John Johnny Jonathan Jorge Jose
Joseph Joshua Juan Julian Justin Karl Keith Kenneth Kevin Klaus Kurt Larry Lawrence Leonard
Leroy Lewis Lionel Lloyd Louis Luca Lucas Luis Luke Malcolm Manuel Marc Marco Marcus Mario
Mark Martin Matt Matthew Maurice Max Melvin Michael Miguel Mike Mikhail Mohamed Mohammed
Muhammad Nathan Neil Nicholas Nick Nigel Norman Oleg Oliver Olivier Omar Oscar Owen Pablo
Patrick Paul Pedro Peter Philip Phillip Pierre Rafael Ralph Ramon Randy Raul Ray Raymond
Ricardo Richard Rick Robert Roberto Rodney Roger Roland Ron Ronald Ross Roy Rupert Russell Ryan
Salvador Samuel Scott Sean Sebastian Sergei Sergio Seth Shane Shaun Simon Stanley Stefan
Stephen Steve Steven Stuart Tariq Ted Terence Thomas Tim Timothy Todd Tom Tommy Tony Travis
Trevor Troy Victor Vincent Vladimir Walter Warren Wayne Wesley William Willie Wolfgang Yusuf
Zachary
""".split())
